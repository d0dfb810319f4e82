package dev.decisionmatrix.mcp;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Sends every log line to stderr, never stdout (stdout carries the protocol in stdio mode): SLF4J
 * (the MCP SDK) through slf4j-simple, and {@link System.Logger} (the core, Tomcat via JULI) through
 * {@code java.util.logging}. Default level: warnings; {@code --verbose}: debug.
 */
final class StderrLogging {

  private StderrLogging() {}

  /**
   * Configures logging. Call before anything logs (slf4j-simple reads its settings once).
   *
   * @param verbose whether to log debug output
   */
  static void configure(boolean verbose) {
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "debug" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
    setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", String.valueOf(verbose));
    // A keep-alive ping fails whenever a client has gone, which is routine (the HTTP gate logs one
    // debug line per disconnect): only the scheduler's own errors are worth a line.
    setIfAbsent("org.slf4j.simpleLogger.log.io.modelcontextprotocol.util.KeepAliveScheduler", "error");
    setIfAbsent("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL [%4$s] %3$s - %5$s%6$s%n");

    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    // ConsoleHandler writes to System.err as it is now (never stdout) and never closes it.
    Handler handler = new ConsoleHandler();
    handler.setFormatter(new SimpleFormatter());
    Level level = verbose ? Level.FINE : Level.WARNING;
    handler.setLevel(level);
    root.setLevel(level);
    root.addHandler(handler);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
