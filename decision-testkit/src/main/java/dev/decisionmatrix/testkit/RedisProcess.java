package dev.decisionmatrix.testkit;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} process for tests and benchmarks: it listens on a free loopback port,
 * keeps its files in a temporary directory that {@link #close()} deletes, and persists nothing
 * (no RDB snapshots, no append-only file). It can be stopped and started again on the same port
 * to test an outage, or killed to test a crash.
 *
 * <p>The executable is found on {@code PATH} (or set {@code REDIS_SERVER} to its path); on Debian
 * it comes from the {@code redis-server} package.
 */
public final class RedisProcess implements AutoCloseable {

  private static final long START_TIMEOUT_SECONDS = 20;

  private final Path executable;
  private final Path directory;
  private final int port;
  private final List<String> extra;
  private @Nullable Process process;

  private RedisProcess(Path executable, Path directory, int port, List<String> extra) {
    this.executable = executable;
    this.directory = directory;
    this.port = port;
    this.extra = extra;
  }

  /**
   * Starts a fresh server on a free loopback port.
   *
   * @return the running server
   * @throws IllegalStateException if {@code redis-server} is not installed or does not start
   */
  public static RedisProcess start() {
    return start(List.of());
  }

  /**
   * Starts a fresh server on a free loopback port with further {@code redis-server} arguments,
   * appended after the defaults so they override them; {@code {port}} in an argument stands for
   * the chosen port. For example {@code List.of("--requirepass", "secret")}, or for TLS only
   * {@code List.of("--port", "0", "--tls-port", "{port}", "--tls-cert-file", ..., "--tls-key-file",
   * ..., "--tls-ca-cert-file", ..., "--tls-auth-clients", "no")}.
   *
   * @param arguments the further arguments
   * @return the running server
   * @throws IllegalStateException if {@code redis-server} is not installed or does not start
   */
  public static RedisProcess start(List<String> arguments) {
    Path executable = locate().orElseThrow(() -> new IllegalStateException(
        "redis-server is not installed: install the Debian package redis-server, or set REDIS_SERVER to its path"));
    Path directory;
    try {
      directory = Files.createTempDirectory("decision-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary directory for redis-server", e);
    }
    int port = freePort();
    List<String> extra = arguments.stream().map(a -> a.replace("{port}", Integer.toString(port))).toList();
    RedisProcess redis = new RedisProcess(executable, directory, port, extra);
    try {
      redis.startAgain();
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
    return redis;
  }

  /**
   * Whether a {@code redis-server} executable can be found.
   *
   * @return true if {@link #start()} can find the executable
   */
  public static boolean available() {
    return locate().isPresent();
  }

  private static Optional<Path> locate() {
    String configured = System.getenv("REDIS_SERVER");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    return Stream.concat(Stream.of(pathVariable.split(File.pathSeparator)), Stream.of("/usr/bin", "/usr/local/bin", "/usr/sbin"))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "redis-server"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free loopback port", e);
    }
  }

  /**
   * The port the server listens on (the same across {@link #stop()} and {@link #startAgain()}).
   *
   * @return the loopback port
   */
  public int port() {
    return port;
  }

  /**
   * A Redis URL for clients, such as {@code redis://127.0.0.1:6379}.
   *
   * @return the server's URL
   */
  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * Whether the process is running.
   *
   * @return true between a start and a stop or kill
   */
  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  /**
   * Starts the server again on the same port after {@link #stop()} or {@link #kill()}; its data is
   * gone, as after a real restart without persistence. Returns once it accepts connections.
   *
   * @throws IllegalStateException if it is already running or does not start in time
   */
  public synchronized void startAgain() {
    if (running()) {
      throw new IllegalStateException("redis-server is already running on port " + port);
    }
    List<String> command = new java.util.ArrayList<>(List.of(executable.toString(),
        "--port", Integer.toString(port),
        "--bind", "127.0.0.1",
        "--dir", directory.toString(),
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
        "--protected-mode", "yes",
        "--notify-keyspace-events", ""));
    command.addAll(extra);
    Process started;
    try {
      started = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + executable, e);
    }
    process = started;
    awaitReady(started);
  }

  private void awaitReady(Process started) {
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Deque<String> lastLines = new ArrayDeque<>();
    Thread.ofPlatform().daemon().name("redis-server-" + port + "-output").start(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          synchronized (lastLines) {
            lastLines.addLast(line);
            if (lastLines.size() > 10) {
              lastLines.removeFirst();
            }
          }
          if (line.contains("Ready to accept connections")) {
            ready.complete(true);
          }
        }
      } catch (IOException ignored) {
        // the process ended; the exit is reported below
      }
      ready.complete(false);
    });
    boolean accepted;
    try {
      accepted = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      accepted = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.destroyForcibly();
      throw new IllegalStateException("interrupted while redis-server was starting", e);
    } catch (ExecutionException e) {
      accepted = false;
    }
    if (!accepted) {
      started.destroyForcibly();
      String output;
      synchronized (lastLines) {
        output = String.join(" | ", lastLines);
      }
      throw new IllegalStateException("redis-server did not start on port " + port + ": " + output);
    }
  }

  /**
   * Stops the server gracefully (SIGTERM) and waits for it to exit; clients see the connection
   * close. Start it again with {@link #startAgain()}.
   */
  public synchronized void stop() {
    end(false);
  }

  /** Kills the server (SIGKILL), as a crash would, and waits for it to exit. */
  public synchronized void kill() {
    end(true);
  }

  private void end(boolean forcibly) {
    Process running = process;
    if (running == null) {
      return;
    }
    if (forcibly) {
      running.destroyForcibly();
    } else {
      running.destroy();
    }
    try {
      if (!running.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        running.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running.destroyForcibly();
    }
    process = null;
  }

  /** Stops the server and deletes its temporary directory. */
  @Override
  public synchronized void close() {
    kill();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary directory is harmless
    }
  }
}
