package dev.decisionmatrix.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.mcp.tools.McpToolContext;
import dev.decisionmatrix.mcp.tools.RunningEvaluations;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Looks at every inbound JSON-RPC message before the SDK does, to fill two gaps of the SDK:
 *
 * <ul>
 *   <li>{@code notifications/cancelled} has no handler in the SDK: the guard cancels the
 *       evaluation the cancelled request started and consumes the notification;
 *   <li>a tool handler cannot see its JSON-RPC request id: the guard writes a connection-scoped
 *       key into a {@code tools/call} request's {@code _meta} ({@link McpToolContext#REQUEST_KEY_META}),
 *       so the handler can register its evaluation under it;
 *   <li>over stdio, a malformed line ends the SDK's session: the guard drops lines that are not
 *       valid JSON-RPC (answering an invalid request that has an id with an error).
 * </ul>
 *
 * Thread-safe.
 */
public final class MessageGuard {

  /** The MCP notification a client sends to cancel a request (the SDK has no constant for it). */
  static final String CANCELLED = "notifications/cancelled";

  private final McpJsonMapper mcpMapper;
  private final RunningEvaluations running;

  /**
   * Creates the guard.
   *
   * @param mcpMapper the SDK's mapper, to check that a message deserializes
   * @param running the evaluations to cancel
   */
  public MessageGuard(McpJsonMapper mcpMapper, RunningEvaluations running) {
    this.mcpMapper = Objects.requireNonNull(mcpMapper, "mcpMapper");
    this.running = Objects.requireNonNull(running, "running");
  }

  /** What to do with a message. */
  public sealed interface Verdict {}

  /**
   * Pass the message on (possibly rewritten).
   *
   * @param text the message to pass on
   */
  public record Forward(String text) implements Verdict {}

  /**
   * The guard handled the message (a cancellation); do not pass it on.
   *
   * @param cancelled whether a running evaluation was cancelled
   */
  public record Consumed(boolean cancelled) implements Verdict {}

  /**
   * Drop the message.
   *
   * @param reason why, for the log and plain enough for the client
   * @param reply a JSON-RPC error response to send back, or {@code null} for a notification
   */
  public record Drop(String reason, @Nullable String reply) implements Verdict {}

  /**
   * Inspects one inbound message.
   *
   * @param connection identifies the connection (request ids are unique per connection)
   * @param text the message
   * @param strict whether to also drop messages the SDK's own reader rejects (stdio, where such a
   *     line would end the session)
   * @return what to do with it
   */
  public Verdict inspect(String connection, String text, boolean strict) {
    ProtocolCheck.Outcome outcome = ProtocolCheck.check(text);
    ProtocolCheck.Fault fault = outcome.fault();
    if (fault != null) {
      return new Drop(fault.message(), fault.answer() ? fault.reply() : null);
    }
    ObjectNode message = Objects.requireNonNull(outcome.message());
    String method = message.path("method").isTextual() ? message.get("method").asText() : null;
    JsonNode id = message.get("id");
    boolean hasId = id != null && (id.isTextual() || id.isIntegralNumber());

    if (CANCELLED.equals(method)) {
      JsonNode requestId = message.path("params").get("requestId");
      boolean cancelled = requestId != null && !requestId.isNull() && running.cancel(requestKey(connection, requestId));
      return new Consumed(cancelled);
    }
    String forward = text;
    if (McpSchema.METHOD_TOOLS_CALL.equals(method) && hasId) {
      ObjectNode p = message.has("params") ? (ObjectNode) message.get("params") : message.putObject("params");
      JsonNode meta = p.get("_meta");
      ObjectNode m = meta == null || meta.isNull() ? p.putObject("_meta") : (ObjectNode) meta;
      m.set(McpToolContext.REQUEST_KEY_META, JsonNodeFactory.instance.textNode(requestKey(connection, id)));
      forward = message.toString();
    }
    if (strict) {
      try {
        McpSchema.deserializeJsonRpcMessage(mcpMapper, forward);
      } catch (Exception e) {
        // The SDK's message names its own classes: the client gets a plain one.
        String reason = "Invalid request: not a JSON-RPC 2.0 request, notification or response";
        return new Drop(reason, hasId && method != null ? new ProtocolCheck.Fault(McpSchema.ErrorCodes.INVALID_REQUEST, reason, id, true).reply() : null);
      }
    }
    return new Forward(forward);
  }

  /**
   * Returns the key of a request on a connection.
   *
   * @param connection the connection
   * @param id the request's JSON-RPC id
   * @return the key
   */
  static String requestKey(String connection, JsonNode id) {
    return connection + "#" + id.toString();
  }
}
