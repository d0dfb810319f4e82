package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.mcp.judge.SamplingClient;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tool call's context backed by the SDK's exchange: sampling when the client declares it,
 * progress only when the request carries a progress token, log notifications, the request key
 * the server's message guard put into the request's {@code _meta}, and the caller the HTTP
 * transport put into the request's transport context.
 */
public final class McpToolContext implements ToolContext {

  /** The {@code _meta} key under which the server's message guard stores the request's key. */
  public static final String REQUEST_KEY_META = "dev.decisionmatrix/request-key";

  /** The logger name in log notifications. */
  public static final String LOGGER = "decision-matrix";

  private static final System.Logger LOG = System.getLogger(McpToolContext.class.getName());

  private final McpSyncServerExchange exchange;
  private final @Nullable Object progressToken;
  private final @Nullable String requestKey;
  private final @Nullable SamplingClient sampling;
  private final Caller caller;

  /**
   * Creates the context.
   *
   * @param exchange the exchange with the client
   * @param request the tool call
   */
  public McpToolContext(McpSyncServerExchange exchange, McpSchema.CallToolRequest request) {
    this.exchange = exchange;
    Map<String, Object> meta = request.meta();
    this.progressToken = meta == null ? null : meta.get("progressToken");
    Object key = meta == null ? null : meta.get(REQUEST_KEY_META);
    this.requestKey = key instanceof String s ? s : null;
    McpSchema.ClientCapabilities caps = exchange.getClientCapabilities();
    this.sampling = caps != null && caps.sampling() != null ? new ExchangeSampling(exchange) : null;
    this.caller = Caller.of(exchange.transportContext());
  }

  /**
   * Sampling through this request's exchange, which identifies its connection by the MCP session id
   * (one per stdio connection, one per Streamable HTTP session) and names it by the client's
   * {@code initialize} name.
   */
  private static final class ExchangeSampling implements SamplingClient {
    private final McpSyncServerExchange exchange;
    private final Object connection;
    private final @Nullable String clientName;

    ExchangeSampling(McpSyncServerExchange exchange) {
      this.exchange = exchange;
      String session = exchange.sessionId();
      // Without a session id every request is its own connection: never shared by mistake.
      this.connection = session == null ? new Object() : session;
      McpSchema.Implementation info = exchange.getClientInfo();
      this.clientName = info == null ? null : info.name();
    }

    @Override
    public McpSchema.CreateMessageResult createMessage(McpSchema.CreateMessageRequest request) {
      return exchange.createMessage(request);
    }

    @Override
    public Object connection() {
      return connection;
    }

    @Override
    public @Nullable String clientName() {
      return clientName;
    }
  }

  @Override
  public @Nullable SamplingClient sampling() {
    return sampling;
  }

  @Override
  public boolean wantsProgress() {
    return progressToken != null;
  }

  @Override
  public void progress(double done, double total, String message) {
    if (progressToken == null) {
      return;
    }
    try {
      exchange.progressNotification(McpSchema.ProgressNotification.builder(progressToken, done).total(total).message(message).build());
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "could not send a progress notification", e);
    }
  }

  @Override
  public void log(McpSchema.LoggingLevel level, String message) {
    try {
      exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder(level, message).logger(LOGGER).build());
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "could not send a log notification", e);
    }
  }

  @Override
  public @Nullable String requestKey() {
    return requestKey;
  }

  @Override
  public Caller caller() {
    return caller;
  }
}
