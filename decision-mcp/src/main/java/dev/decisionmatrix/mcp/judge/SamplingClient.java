package dev.decisionmatrix.mcp.judge;

import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;

/**
 * Sends one MCP {@code sampling/createMessage} request to the connected client and waits for its
 * answer. In the server this is the current request's exchange ({@code exchange::createMessage})
 * with the connection's identity; tests pass a lambda, which is a connection of its own.
 */
@FunctionalInterface
public interface SamplingClient {

  /**
   * Asks the client's model.
   *
   * @param request the sampling request
   * @return the client's answer
   * @throws RuntimeException whatever the transport or client reports (mapped by {@link SamplingBackend})
   */
  McpSchema.CreateMessageResult createMessage(McpSchema.CreateMessageRequest request);

  /**
   * Returns what identifies the client connection this request belongs to: equal (by {@code
   * equals}) for every request of one connection and different between connections, so each
   * connection gets one {@link SamplingBackend}. In the server, the MCP session id.
   *
   * @return the connection's identity; by default this object
   */
  default Object connection() {
    return this;
  }

  /**
   * Returns the client's name as it introduced itself in {@code initialize} ({@code
   * clientInfo.name}), which names its sampling backend.
   *
   * @return the name, or {@code null} (the default) if unknown
   */
  default @Nullable String clientName() {
    return null;
  }
}
