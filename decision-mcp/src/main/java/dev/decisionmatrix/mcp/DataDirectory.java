package dev.decisionmatrix.mcp;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Where sessions live when {@code DECISION_MATRIX_DATA_DIR} does not say: the platform's user data folder. */
final class DataDirectory {

  static final String NAME = "decision-matrix";

  private DataDirectory() {}

  /**
   * Returns the default data directory.
   *
   * <ul>
   *   <li>Windows: {@code %APPDATA%\decision-matrix}
   *   <li>macOS: {@code ~/Library/Application Support/decision-matrix}
   *   <li>others: {@code $XDG_DATA_HOME/decision-matrix}, else {@code ~/.local/share/decision-matrix}
   * </ul>
   *
   * @param osName the {@code os.name} system property
   * @param env the environment
   * @param userHome the {@code user.home} system property
   * @return the directory (not created)
   */
  static Path defaultFor(String osName, Map<String, String> env, String userHome) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      String appData = env.get("APPDATA");
      return appData != null && !appData.isBlank()
          ? Path.of(appData, NAME)
          : Path.of(userHome, "AppData", "Roaming", NAME);
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return Path.of(userHome, "Library", "Application Support", NAME);
    }
    String xdg = env.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, NAME);
    }
    return Path.of(userHome, ".local", "share", NAME);
  }
}
