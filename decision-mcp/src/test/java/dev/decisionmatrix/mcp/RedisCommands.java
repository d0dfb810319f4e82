package dev.decisionmatrix.mcp;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A few raw commands to the test's Redis over its wire protocol, for what the server's own client
 * does not expose: counting keys, and shutting down with a snapshot so a restart keeps the data.
 */
final class RedisCommands {

  private RedisCommands() {}

  /** Counts the keys that match a pattern, e.g. {@code decision-matrix:judgment:*}. */
  static long countKeys(int port, String pattern) {
    String reply = send(port, "EVAL", "return #redis.call('KEYS', ARGV[1])", "0", pattern);
    if (!reply.startsWith(":")) {
      throw new AssertionError("Redis answered " + reply);
    }
    return Long.parseLong(reply.substring(1).strip());
  }

  /**
   * Saves a snapshot and stops the server, as a Redis with persistence does on a restart; {@code
   * RedisProcess.startAgain()} then loads the snapshot from its directory.
   */
  static void shutdownWithSnapshot(int port) {
    send(port, "SHUTDOWN", "SAVE");
  }

  private static String send(int port, String... command) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      StringBuilder out = new StringBuilder("*" + command.length + "\r\n");
      for (String part : command) {
        out.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part).append("\r\n");
      }
      OutputStream os = socket.getOutputStream();
      os.write(out.toString().getBytes(StandardCharsets.UTF_8));
      os.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        line.append((char) c);
      }
      return line.toString().strip(); // empty: the server closed the connection (SHUTDOWN)
    } catch (IOException e) {
      throw new UncheckedIOException("could not talk to Redis on port " + port, e);
    }
  }
}
