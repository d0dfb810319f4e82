package dev.decisionmatrix.mcp;

import dev.decisionmatrix.mcp.http.HttpTransport;
import dev.decisionmatrix.mcp.http.Readiness;
import dev.decisionmatrix.mcp.judge.EnvironmentBackends;
import dev.decisionmatrix.mcp.judge.JudgeUnavailableException;
import dev.decisionmatrix.mcp.judge.MisconfiguredDefault;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the decision-matrix MCP server: stdio by default, Streamable HTTP with {@code --http}.
 * {@code --help} lists every option and environment variable.
 */
public final class Main {

  /** Exit code for a bad option or configuration. */
  public static final int EXIT_USAGE = 2;

  /** Exit code for a failure while running. */
  public static final int EXIT_FAILURE = 1;

  /** Longest stdin line accepted in stdio mode (one JSON-RPC message). */
  static final int MAX_STDIO_LINE_BYTES = 16 << 20;

  private static final System.Logger LOG = System.getLogger(Main.class.getName());

  /** The longest a stop waits for cancelled evaluations to merge their judgments (within {@link ShutdownSignal#GRACE}). */
  private static final java.time.Duration MERGE_GRACE = java.time.Duration.ofSeconds(15);

  private Main() {}

  /**
   * Runs the server and exits with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    int code = run(args, System.getenv(), System.in, System.out, System.err);
    System.exit(code);
  }

  /**
   * Runs the server until stdin ends (stdio) or the process is stopped (HTTP).
   *
   * @param args the command-line arguments
   * @param env the environment variables
   * @param stdin the protocol input (stdio mode)
   * @param stdout the protocol output (stdio mode); nothing else is ever written to it then
   * @param stderr where messages and logs go
   * @return the exit code
   */
  static int run(String[] args, Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr) {
    ServerOptions options;
    try {
      options = ServerOptions.parse(args, env);
    } catch (UsageException e) {
      stderr.println("decision-mcp: " + e.getMessage());
      stderr.println("Run java -jar decision-mcp.jar --help for the options.");
      return EXIT_USAGE;
    }
    if (options.help()) {
      stdout.print(Usage.text());
      stdout.flush();
      return 0;
    }
    if (options.version()) {
      stdout.println("decision-mcp " + Version.get());
      stdout.flush();
      return 0;
    }
    if (!options.http()) {
      // From here on stdout belongs to the protocol: anything printed by mistake goes to stderr.
      System.setOut(stderr);
    }
    StderrLogging.configure(options.verbose());
    // Closed last: a SIGTERM waits until the store and the cache are closed.
    try (ShutdownSignal shutdown = ShutdownSignal.install()) {
      return serve(options, env, stdin, stdout, stderr, shutdown);
    }
  }

  private static int serve(ServerOptions options, Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr,
      ShutdownSignal shutdown) {
    ServerStorage storage;
    try {
      storage = ServerStorage.open(options);
    } catch (UsageException e) {
      stderr.println("decision-mcp: " + e.getMessage());
      return EXIT_USAGE;
    }
    try (storage) {
      EnvironmentBackends backends = new EnvironmentBackends(env, options.backend(), options.model());
      if (options.stateless() && options.backend() == null && backends.environmentDefault().isEmpty()) {
        storage.store().close();
        closeQuietly(storage.cache());
        stderr.println("decision-mcp: the stateless transport has no MCP sampling, so it judges with a configured provider: set one"
            + " up (e.g. OPENAI_API_KEY, ANTHROPIC_API_KEY, OLLAMA_HOST or AWS_REGION) or choose it with --backend");
        return EXIT_USAGE;
      }
      DecisionServer server;
      try {
        server = DecisionServer.create(options, storage.store(), storage.cache(), backends);
      } catch (JudgeUnavailableException e) {
        if (options.http() || options.backend() == null) {
          closeQuietly(storage.cache());
          storage.store().close();
          stderr.println("decision-mcp: " + e.getMessage() + ". " + e.hint());
          return EXIT_USAGE;
        }
        // An MCP host shows only "connection closed" for a stdio server that exits: start, say it once
        // here, and let evaluate_options answer with the same text.
        String problem = e.getMessage() + ". " + e.hint();
        stderr.println("decision-mcp: configuration error: " + problem);
        stderr.println("decision-mcp: serving anyway; evaluate_options answers with this error until the configuration is fixed.");
        stderr.flush();
        server = DecisionServer.create(options, storage.store(), storage.cache(), new MisconfiguredDefault(backends, options.backend(), problem));
      }
      try (DecisionServer serving = server) {
        return options.http() ? serveHttp(serving, options, storage.readiness(), stderr, shutdown)
            : serveStdio(serving, stdin, stdout, stderr, shutdown);
      } catch (RuntimeException e) {
        stderr.println("decision-mcp: stopped by an unexpected error: " + e);
        e.printStackTrace(stderr);
        return EXIT_FAILURE;
      }
    }
  }

  private static int serveStdio(DecisionServer server, InputStream stdin, PrintStream stdout, PrintStream stderr, ShutdownSignal shutdown) {
    if (stdin == System.in && interactive()) {
      stderr.println("decision-mcp " + Version.get() + ": waiting for an MCP client on stdin (one JSON-RPC message per line)."
          + " Add this command to your MCP host's configuration instead of running it here; --help lists the options, Ctrl+D quits.");
      stderr.flush();
    }
    CountDownLatch ended = new CountDownLatch(1);
    StdioGuard guarded = new StdioGuard(stdin, server.messageGuard(), stdout, stderr, MAX_STDIO_LINE_BYTES, ended::countDown);
    McpSyncServer mcp = server.serve(new StdioServerTransportProvider(server.jsonMapper(), guarded, stdout, MAX_STDIO_LINE_BYTES + 1));
    shutdown.wakes(ended::countDown);
    try {
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    keepWhatWasPaidFor(server);
    try {
      mcp.closeGracefully();
    } catch (RuntimeException e) {
      mcp.close();
    }
    return 0;
  }

  private static int serveHttp(DecisionServer server, ServerOptions options, Readiness readiness, PrintStream stderr,
      ShutdownSignal shutdown) {
    HttpTransport http;
    try {
      http = HttpTransport.start(
          server,
          new HttpTransport.Settings(
              options.host(), options.port(), options.allowedHosts(), options.allowedOrigins(), options.httpTokens(), options.maxRequestBytes()),
          readiness,
          options.stateless() ? HttpTransport.Mode.STATELESS : HttpTransport.Mode.SESSIONS);
    } catch (IllegalArgumentException e) {
      stderr.println("decision-mcp: " + e.getMessage());
      return EXIT_USAGE;
    } catch (IOException e) {
      stderr.println("decision-mcp: " + e.getMessage());
      return EXIT_FAILURE;
    }
    stderr.println("decision-mcp " + Version.get() + ": serving MCP over Streamable HTTP at " + http.url()
        + (options.stateless() ? " (stateless)" : "")
        + (options.httpTokens().principals().isEmpty()
            ? options.httpTokens().required() ? " (bearer token required)" : ""
            : " (bearer tokens of " + options.httpTokens().principals().size() + " principals; each sees only its own sessions)")
        + (options.redisUrl() != null ? "; sessions and judgments shared through Redis " + options.redactedRedisUrl() : ""));
    stderr.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    shutdown.wakes(stopped::countDown);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    keepWhatWasPaidFor(server);
    http.close();
    return 0;
  }

  /**
   * Cancels the running evaluations and waits until their judgments are merged into their
   * sessions, before the transport and the store close.
   */
  private static void keepWhatWasPaidFor(DecisionServer server) {
    int running = server.running().size();
    if (running == 0) {
      return;
    }
    LOG.log(System.Logger.Level.INFO, "Stopping: cancelling {0} running evaluation(s) and keeping their judgments", running);
    try {
      int left = server.running().cancelAllAndAwait(MERGE_GRACE);
      if (left > 0) {
        LOG.log(System.Logger.Level.WARNING, "{0} evaluation(s) did not finish saving in {1} s; their journals keep the judgments"
            + " for the next start", left, MERGE_GRACE.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether a person started the server in a terminal (JDK 22+ has a console even when redirected). */
  private static boolean interactive() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only for a terminal
    }
  }

  private static void closeQuietly(Object maybeCloseable) {
    try {
      if (maybeCloseable instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } catch (Exception e) {
      // exiting with a usage error anyway
    }
  }
}
