package dev.decisionmatrix.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  private static final ObjectMapper JSON = new ObjectMapper();

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
   * @param reason why, for the log
   * @param reply a JSON-RPC error response to send back, or {@code null}
   */
  public record Drop(String reason, @Nullable String reply) implements Verdict {}

  /**
   * Inspects one inbound message.
   *
   * @param connection identifies the connection (request ids are unique per connection)
   * @param text the message
   * @param strict whether to drop messages the SDK cannot read (stdio) rather than pass them on
   *     for the transport to reject (HTTP)
   * @return what to do with it
   */
  public Verdict inspect(String connection, String text, boolean strict) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return strict ? new Drop("not valid JSON (" + e.getOriginalMessage() + ")", null) : new Forward(text);
    }
    if (node == null || !node.isObject()) {
      return strict ? new Drop("not a JSON-RPC message (expected a JSON object)", null) : new Forward(text);
    }
    ObjectNode message = (ObjectNode) node;
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
      JsonNode params = message.get("params");
      if (params == null || params.isObject()) {
        ObjectNode p = params == null ? message.putObject("params") : (ObjectNode) params;
        JsonNode meta = p.get("_meta");
        if (meta == null || meta.isNull() || meta.isObject()) {
          ObjectNode m = meta == null || meta.isNull() ? p.putObject("_meta") : (ObjectNode) meta;
          m.set(McpToolContext.REQUEST_KEY_META, JsonNodeFactory.instance.textNode(requestKey(connection, id)));
          forward = message.toString();
        }
      }
    }
    if (strict) {
      try {
        McpSchema.deserializeJsonRpcMessage(mcpMapper, forward);
      } catch (Exception e) {
        String reason = "not a valid JSON-RPC message (" + e.getMessage() + ")";
        return new Drop(reason, hasId && method != null ? errorReply(id, reason) : null);
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

  private static String errorReply(JsonNode id, String reason) {
    ObjectNode reply = JsonNodeFactory.instance.objectNode();
    reply.put("jsonrpc", "2.0");
    reply.set("id", id);
    ObjectNode error = reply.putObject("error");
    error.put("code", McpSchema.ErrorCodes.INVALID_REQUEST);
    error.put("message", "Invalid request: " + reason);
    return reply.toString();
  }
}
