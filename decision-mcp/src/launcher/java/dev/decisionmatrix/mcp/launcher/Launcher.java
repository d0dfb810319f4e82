package dev.decisionmatrix.mcp.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The jar's entry point, compiled for Java 8 so that any old {@code java} can load it: it checks the
 * running Java version and either prints one line saying how to get a suitable one (exit code 1) or
 * hands over to the real server main, {@code dev.decisionmatrix.mcp.Main}, which needs Java 21.
 */
public final class Launcher {

  /** The oldest Java feature release the server runs on. */
  static final int REQUIRED = 21;

  private static final String MAIN = "dev.decisionmatrix.mcp.Main";

  private Launcher() {}

  /**
   * Checks the Java version, then runs the server.
   *
   * @param args the command-line arguments, passed on unchanged
   * @throws Throwable whatever the server's main throws
   */
  public static void main(String[] args) throws Throwable {
    String found = System.getProperty("java.specification.version", "");
    int feature = feature(found);
    if (feature < REQUIRED) {
      System.err.println("decision-mcp needs Java " + REQUIRED + " or newer (found " + found + "): set JAVA_HOME to a JDK "
          + REQUIRED + "+ or use the self-contained distribution");
      System.exit(1);
      return;
    }
    Method main = Class.forName(MAIN).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Reads the feature release from {@code java.specification.version}: "1.8" is 8, "17" is 17. */
  static int feature(String specificationVersion) {
    String v = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
    int end = 0;
    while (end < v.length() && Character.isDigit(v.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
  }
}
