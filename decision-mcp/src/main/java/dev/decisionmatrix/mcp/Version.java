package dev.decisionmatrix.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The server's version, from a resource the build fills in (falling back to the jar manifest). */
public final class Version {

  private static final String VERSION = read();

  private Version() {}

  /** Returns the version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code "unknown"}. */
  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank() && !v.startsWith("${")) {
          return v.strip();
        }
      }
    } catch (IOException e) {
      // fall through to the manifest
    }
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
