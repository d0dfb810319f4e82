package dev.decisionmatrix.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shaded server jar the build produced, started as a separate process (for the ITs). */
final class ServerJar implements AutoCloseable {

  private static final Pattern URL = Pattern.compile("serving MCP over Streamable HTTP at (http://\\S+/mcp)");

  final Process process;
  final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
  private final Thread stderrReader;

  private ServerJar(Process process, boolean readStderr) {
    this.process = process;
    this.stderrReader = Thread.ofPlatform().daemon().start(() -> {
      if (!readStderr) {
        return;
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          stderr.add(line);
        }
      } catch (IOException e) {
        stderr.add("(stderr closed: " + e + ")");
      }
    });
  }

  /** Returns the jar's path; fails with a clear message if the build did not produce it. */
  static Path jar() {
    String property = System.getProperty("decision.mcp.jar");
    if (property == null) {
      throw new AssertionError("system property decision.mcp.jar is not set: run the ITs through Maven (./mvnw verify)");
    }
    Path jar = Path.of(property);
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("the server jar " + jar + " does not exist: run ./mvnw verify so the shade plugin builds it first");
    }
    return jar;
  }

  /**
   * The environment of a server that judges with the simulator over the OpenAI protocol and keeps
   * its sessions in a data directory.
   *
   * @param sim the simulator
   * @param dataDir the data directory
   * @return the environment variables
   */
  static Map<String, String> judgingWith(dev.decisionmatrix.testkit.LlmSimulator sim, Path dataDir) {
    return Map.of(
        "DECISION_MATRIX_BACKEND", "openai",
        "OPENAI_BASE_URL", sim.baseUrl(dev.decisionmatrix.testkit.Protocol.OPENAI),
        "OPENAI_API_KEY", "test",
        "DECISION_MATRIX_MODEL", "sim-model",
        "DECISION_MATRIX_DATA_DIR", dataDir.toString());
  }

  /** Returns the java launcher of the running JVM. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Starts the jar.
   *
   * @param env extra environment variables
   * @param args the server's arguments
   * @return the running process
   */
  static ServerJar start(Map<String, String> env, String... args) throws IOException {
    return startWrapped(List.of(), env, args);
  }

  /**
   * Starts the jar under a wrapper command (such as {@code unshare}) that ends by running the
   * command given after it.
   *
   * @param wrapper the wrapper's command line, before the java command
   * @param env extra environment variables
   * @param args the server's arguments
   * @return the running process
   */
  static ServerJar startWrapped(List<String> wrapper, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(wrapper);
    command.addAll(List.of(java(), "-jar", jar().toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("DECISION_MATRIX_") || k.startsWith("OPENAI_") || k.startsWith("ANTHROPIC_")
        || k.startsWith("OLLAMA_") || k.startsWith("AWS_"));
    pb.environment().putAll(env);
    return new ServerJar(pb.start(), true);
  }

  /** Waits for the HTTP server's URL on stderr. */
  String awaitHttpUrl(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      synchronized (stderr) {
        for (String line : stderr) {
          Matcher m = URL.matcher(line);
          if (m.find()) {
            return m.group(1);
          }
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError("the server exited with " + process.exitValue() + ": " + String.join("\n", stderr));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not report its URL within " + timeout + ": " + String.join("\n", stderr));
  }

  /** Waits until the server's stderr is closed and read to the end (after the process exits). */
  void awaitStderrClosed(Duration timeout) throws InterruptedException {
    stderrReader.join(timeout);
  }

  /** Returns what the server wrote to stderr so far. */
  String stderrText() {
    synchronized (stderr) {
      return String.join("\n", stderr);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      stderrReader.join(5_000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
