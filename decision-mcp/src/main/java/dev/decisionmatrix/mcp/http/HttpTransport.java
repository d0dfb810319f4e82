package dev.decisionmatrix.mcp.http;

import dev.decisionmatrix.mcp.DecisionServer;
import dev.decisionmatrix.mcp.ServerOptions;
import dev.decisionmatrix.mcp.tools.Caller;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.jspecify.annotations.Nullable;

/**
 * Serves MCP over Streamable HTTP at {@code /mcp} with embedded Tomcat, behind an {@link HttpGate},
 * with MCP sessions or stateless ({@link Mode}), and the probes of {@link HealthEndpoints} beside
 * it. Refuses to listen on a non-loopback address without a bearer token of at least {@link
 * ServerOptions#MIN_TOKEN_LENGTH} characters (a shorter one on loopback gets a warning).
 */
public final class HttpTransport implements AutoCloseable {

  /** The endpoint path. */
  public static final String ENDPOINT = "/mcp";

  private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());

  /** How often open event streams get a ping, so proxies keep them open. */
  public static final Duration KEEP_ALIVE = Duration.ofSeconds(25);

  /** How requests relate to each other. */
  public enum Mode {
    /**
     * MCP sessions ({@code Mcp-Session-Id}): sampling, progress and cancellation work, and a
     * session's requests must reach the instance that created it (sticky routing).
     */
    SESSIONS,
    /**
     * The SDK's stateless transport: every request stands alone, so any instance can answer it
     * (round-robin routing); no sampling, progress or cancellation.
     */
    STATELESS
  }

  /**
   * The transport context of a request: the caller the gate authenticated, so tools and resources
   * see that caller's sessions. A request that did not pass the gate never gets here.
   */
  private static McpTransportContext callerContext(jakarta.servlet.http.HttpServletRequest request) {
    return Caller.context(request.getAttribute(HttpGate.CALLER_ATTRIBUTE) instanceof Caller c ? c : Caller.LOCAL);
  }

  /** Stops the SDK server of either mode. */
  private record SdkServer(Runnable closeGracefully, Runnable close) {}

  private final Tomcat tomcat;
  private final SdkServer mcp;
  private final Path baseDir;
  private final String host;
  private final int port;

  private HttpTransport(Tomcat tomcat, SdkServer mcp, Path baseDir, String host, int port) {
    this.tomcat = tomcat;
    this.mcp = mcp;
    this.baseDir = baseDir;
    this.host = host;
    this.port = port;
  }

  /**
   * Configuration of the HTTP endpoint.
   *
   * @param host the address to bind
   * @param port the port (0: any free port)
   * @param allowedHosts extra Host header values to accept
   * @param allowedOrigins extra Origin header values to accept
   * @param tokens the bearer tokens clients must send and the caller each stands for
   * @param maxRequestBytes the largest request body
   */
  public record Settings(String host, int port, List<String> allowedHosts, List<String> allowedOrigins, BearerTokens tokens, int maxRequestBytes) {

    /** Checks the parts. */
    public Settings {
      java.util.Objects.requireNonNull(tokens, "tokens");
    }

    /**
     * Configuration with one shared bearer token (or none).
     *
     * @param host the address to bind
     * @param port the port (0: any free port)
     * @param allowedHosts extra Host header values to accept
     * @param allowedOrigins extra Origin header values to accept
     * @param token the one bearer token clients must send
     * @param maxRequestBytes the largest request body
     */
    public Settings(String host, int port, List<String> allowedHosts, List<String> allowedOrigins, String token, int maxRequestBytes) {
      this(host, port, allowedHosts, allowedOrigins, BearerTokens.single(token), maxRequestBytes);
    }
  }

  /**
   * Starts serving.
   *
   * @param server the decision server
   * @param settings where and how to listen
   * @return the running transport
   * @throws IllegalArgumentException if the host cannot be resolved, or is not loopback and no token
   *     (or a short one) is set
   * @throws IOException if the server cannot start (e.g. the port is taken)
   */
  public static HttpTransport start(DecisionServer server, Settings settings) throws IOException {
    return start(server, settings, Readiness.always(), Mode.SESSIONS);
  }

  /**
   * Starts serving in a mode, with a readiness probe.
   *
   * @param server the decision server
   * @param settings where and how to listen
   * @param readiness what {@value HealthEndpoints#READY} checks
   * @param mode with MCP sessions or stateless
   * @return the running transport
   * @throws IllegalArgumentException if the host cannot be resolved, or is not loopback and no token is set
   * @throws IOException if the server cannot start (e.g. the port is taken)
   */
  public static HttpTransport start(DecisionServer server, Settings settings, Readiness readiness, Mode mode) throws IOException {
    InetAddress address;
    try {
      address = InetAddress.getByName(settings.host());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--host \"" + settings.host() + "\" cannot be resolved to an address", e);
    }
    boolean hasToken = settings.tokens().required();
    int tokenLength = settings.tokens().singleTokenLength();
    if (!address.isLoopbackAddress() && !hasToken) {
      throw new IllegalArgumentException(
          "refusing to serve on " + settings.host() + ", which is reachable from other machines, without authentication:"
              + " set DECISION_MATRIX_HTTP_TOKEN to a long random secret (clients then send \"Authorization: Bearer <token>\")"
              + " or DECISION_MATRIX_HTTP_TOKENS_FILE to a file of principal:sha256:<digest> lines,"
              + " or bind a loopback address such as 127.0.0.1");
    }
    if (tokenLength >= 0 && tokenLength < ServerOptions.MIN_TOKEN_LENGTH) {
      String advice = "DECISION_MATRIX_HTTP_TOKEN has " + tokenLength + " characters; use a random secret of at least "
          + ServerOptions.MIN_TOKEN_LENGTH + " (e.g. the output of openssl rand -hex 32)";
      if (!address.isLoopbackAddress()) {
        throw new IllegalArgumentException("refusing to serve on " + settings.host() + " with a short bearer token: " + advice);
      }
      LOG.log(System.Logger.Level.WARNING, "a short bearer token guards the loopback endpoint: " + advice);
    }
    List<String> hosts = new java.util.ArrayList<>(settings.allowedHosts());
    if (!address.isAnyLocalAddress() && !address.isLoopbackAddress()) {
      hosts.add(settings.host());
    }
    HttpSecurity security = new HttpSecurity(hosts, settings.allowedOrigins(), settings.tokens());

    HttpServlet provider;
    SdkServer mcp;
    if (mode == Mode.STATELESS) {
      HttpServletStatelessServerTransport stateless = HttpServletStatelessServerTransport.builder()
          .jsonMapper(server.jsonMapper())
          .messageEndpoint(ENDPOINT)
          .maxRequestSize(settings.maxRequestBytes())
          .contextExtractor(HttpTransport::callerContext)
          .build();
      McpStatelessSyncServer sdk = server.serveStateless(stateless);
      provider = stateless;
      mcp = new SdkServer(sdk::closeGracefully, sdk::close);
    } else {
      HttpServletStreamableServerTransportProvider streamable = HttpServletStreamableServerTransportProvider.builder()
          .jsonMapper(server.jsonMapper())
          .mcpEndpoint(ENDPOINT)
          .maxRequestSize(settings.maxRequestBytes())
          .contextExtractor(HttpTransport::callerContext)
          .keepAliveInterval(KEEP_ALIVE)
          .build();
      McpSyncServer sdk = server.serve(streamable);
      provider = streamable;
      mcp = new SdkServer(sdk::closeGracefully, sdk::close);
    }

    Path baseDir = Files.createTempDirectory("decision-mcp-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(settings.port());
    connector.setProperty("address", settings.host());
    connector.setProperty("maxPostSize", String.valueOf(settings.maxRequestBytes()));
    connector.setXpoweredBy(false);
    // Tomcat closes a connection after 100 requests by default. A client that sends its next POST
    // on that connection at the same moment gets no answer at all, and a POST is not retried on
    // its own. MCP clients keep a few connections for a long time, so only idle ones are closed.
    connector.setProperty("maxKeepAliveRequests", "-1");
    tomcat.setConnector(connector);
    tomcat.getServer().setPort(-1);
    // Tomcat's own error pages (a path other than /mcp) name no server version and show no report.
    ErrorReportValve errors = new ErrorReportValve();
    errors.setShowReport(false);
    errors.setShowServerInfo(false);
    tomcat.getHost().getPipeline().addValve(errors);

    Context context = tomcat.addContext("", baseDir.toString());
    if (context instanceof StandardContext standard) {
      // No webapp is ever undeployed here: the leak checks would only print warnings at shutdown.
      standard.setClearReferencesThreadLocals(false);
      standard.setClearReferencesRmiTargets(false);
    }
    Wrapper wrapper = Tomcat.addServlet(context, "mcp", provider);
    wrapper.setAsyncSupported(true);
    wrapper.addMapping(ENDPOINT);
    // The probes are outside the gate: a load balancer sends neither the token nor a known Host.
    Wrapper health = Tomcat.addServlet(context, "health", new HealthEndpoints(readiness));
    health.addMapping(HealthEndpoints.HEALTH);
    health.addMapping(HealthEndpoints.READY);

    FilterDef gate = new FilterDef();
    gate.setFilterName("gate");
    gate.setFilter(new HttpGate(security, server.messageGuard(), settings.maxRequestBytes()));
    gate.setAsyncSupported("true");
    context.addFilterDef(gate);
    FilterMap map = new FilterMap();
    map.setFilterName("gate");
    map.addServletName("mcp");
    context.addFilterMap(map);

    try {
      tomcat.start();
    } catch (LifecycleException e) {
      mcp.close().run();
      deleteQuietly(baseDir);
      throw new IOException("the HTTP server could not start on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
    }
    int port = connector.getLocalPort();
    if (port <= 0) {
      try {
        tomcat.stop();
        tomcat.destroy();
      } catch (LifecycleException e) {
        // already failing
      }
      mcp.close().run();
      deleteQuietly(baseDir);
      throw new IOException("the HTTP server could not listen on " + settings.host() + ":" + settings.port() + " (is the port in use?)");
    }
    return new HttpTransport(tomcat, mcp, baseDir, settings.host(), port);
  }

  /** Returns the port the server listens on. */
  public int port() {
    return port;
  }

  /** Returns the endpoint's URL. */
  public String url() {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    if (h.equals("0.0.0.0") || h.equals("[::]")) {
      h = "127.0.0.1";
    }
    return "http://" + h + ":" + port + ENDPOINT;
  }

  /** Stops serving and removes Tomcat's working folder. */
  @Override
  public void close() {
    try {
      mcp.closeGracefully().run();
    } catch (RuntimeException e) {
      mcp.close().run();
    }
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      System.getLogger(HttpTransport.class.getName()).log(System.Logger.Level.WARNING, "stopping Tomcat failed", e);
    }
    deleteQuietly(baseDir);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder; nothing else to do
    }
  }
}
