package dev.decisionmatrix.mcp.judge;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * Sends one MCP {@code sampling/createMessage} request to the connected client and waits for its
 * answer. In the server this is the current request's exchange ({@code exchange::createMessage});
 * tests pass a lambda.
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
}
