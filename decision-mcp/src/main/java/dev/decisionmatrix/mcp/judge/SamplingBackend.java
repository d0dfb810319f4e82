package dev.decisionmatrix.mcp.judge;

import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.llm.TokenUsage;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * An {@link LlmBackend} that asks the MCP client's own model through {@code sampling/createMessage}:
 * the judge's system prompt, messages, token limit and temperature go into the request, and a model
 * name becomes a model-preference hint. One instance serves one client connection; it limits how
 * many sampling requests are in flight at once so a host that asks a person to approve each request
 * is not flooded.
 *
 * <p>Failures become {@link LlmException}s of the right kind: a declined request or a client
 * without sampling is permanent ({@link LlmErrorKind#BAD_REQUEST}), a timeout is {@link
 * LlmErrorKind#TIMEOUT}, an interrupted call {@link LlmErrorKind#CANCELLED}, a client-side error
 * {@link LlmErrorKind#TRANSIENT}. Thread-safe.
 */
public final class SamplingBackend implements LlmBackend {

  /** The backend id, stable so cache keys of sampled judgments are stable. */
  public static final String ID = BackendNames.SAMPLING;

  private final SamplingClient client;
  private final Semaphore permits;

  /**
   * Creates the backend.
   *
   * @param client sends the requests
   * @param maxInFlight most requests in flight at once, at least 1
   */
  public SamplingBackend(SamplingClient client, int maxInFlight) {
    this.client = Objects.requireNonNull(client, "client");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1 but was " + maxInFlight);
    }
    this.permits = new Semaphore(maxInFlight, true);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LlmException(LlmErrorKind.CANCELLED, "the sampling request was cancelled before it was sent", null, 0, ID, request.model(), e);
    }
    try {
      McpSchema.CreateMessageResult result = client.createMessage(toSamplingRequest(request));
      return toResponse(result, request);
    } catch (LlmException e) {
      throw e;
    } catch (RuntimeException e) {
      throw map(e, request.model());
    } finally {
      permits.release();
    }
  }

  /**
   * Builds the sampling request for a chat request.
   *
   * @param request the chat request
   * @return the sampling request
   */
  static McpSchema.CreateMessageRequest toSamplingRequest(ChatRequest request) {
    List<McpSchema.SamplingMessage> messages = new ArrayList<>(request.messages().size());
    for (ChatMessage m : request.messages()) {
      McpSchema.Role role = m.role() == ChatMessage.Role.USER ? McpSchema.Role.USER : McpSchema.Role.ASSISTANT;
      messages.add(new McpSchema.SamplingMessage(role, McpSchema.TextContent.builder(m.content()).build()));
    }
    McpSchema.CreateMessageRequest.Builder b =
        McpSchema.CreateMessageRequest.builder(messages, request.maxTokens())
            .includeContext(McpSchema.CreateMessageRequest.ContextInclusionStrategy.NONE);
    if (!request.system().isEmpty()) {
      b.systemPrompt(request.system());
    }
    if (request.temperature() != null) {
      b.temperature(request.temperature());
    }
    if (request.model() != null) {
      b.modelPreferences(McpSchema.ModelPreferences.builder().addHint(request.model()).build());
    }
    return b.build();
  }

  private static ChatResponse toResponse(McpSchema.@Nullable CreateMessageResult result, ChatRequest request) {
    if (result == null) {
      throw new LlmException(LlmErrorKind.INVALID_ANSWER, "the MCP client answered the sampling request with nothing", null, 0, ID, request.model(), null);
    }
    if (result.content() instanceof McpSchema.TextContent text && text.text() != null) {
      return new ChatResponse(text.text(), TokenUsage.ZERO, result.model());
    }
    String type = result.content() == null ? "no" : result.content().getClass().getSimpleName().replace("Content", "").toLowerCase(Locale.ROOT);
    throw new LlmException(
        LlmErrorKind.INVALID_ANSWER, "the MCP client answered with " + type + " content instead of text", null, 0, ID, result.model(), null);
  }

  /**
   * Maps what the transport or client threw to an {@link LlmException}.
   *
   * @param e the failure
   * @param model the requested model, may be {@code null}
   * @return the exception to throw
   */
  static LlmException map(RuntimeException e, @Nullable String model) {
    if (Thread.currentThread().isInterrupted()) {
      return new LlmException(LlmErrorKind.CANCELLED, "the sampling request was cancelled", null, 0, ID, model, e);
    }
    Throwable t = e;
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return new LlmException(LlmErrorKind.CANCELLED, "the sampling request was cancelled", null, 0, ID, model, e);
      }
      if (t instanceof TimeoutException) {
        return new LlmException(
            LlmErrorKind.TIMEOUT, "the MCP client did not answer the sampling request in time", null, 0, ID, model, e);
      }
      if (t instanceof McpError mcp) {
        return mapClientError(mcp, model);
      }
      if (t instanceof IllegalStateException ise && String.valueOf(ise.getMessage()).contains("sampling")) {
        return new LlmException(
            LlmErrorKind.BAD_REQUEST,
            "the MCP client does not support sampling (it did not declare the sampling capability)",
            null, 0, ID, model, e);
      }
    }
    return new LlmException(
        LlmErrorKind.TRANSIENT, "the sampling request failed: " + describe(e), null, 0, ID, model, e);
  }

  private static LlmException mapClientError(McpError error, @Nullable String model) {
    McpSchema.JSONRPCResponse.JSONRPCError rpc = error.getJsonRpcError();
    int code = rpc == null ? 0 : rpc.code();
    String message = rpc == null || rpc.message() == null ? String.valueOf(error.getMessage()) : rpc.message();
    String lower = message.toLowerCase(Locale.ROOT);
    if (code == McpSchema.ErrorCodes.METHOD_NOT_FOUND) {
      return new LlmException(
          LlmErrorKind.BAD_REQUEST, "the MCP client does not implement sampling/createMessage (" + message + ")", null, 0, ID, model, error);
    }
    if (code == -1 || lower.contains("reject") || lower.contains("denied") || lower.contains("declin") || lower.contains("cancel")) {
      return new LlmException(
          LlmErrorKind.BAD_REQUEST,
          "the MCP client declined the sampling request (" + message + "); approve sampling requests in the host, or configure a backend",
          null, 0, ID, model, error);
    }
    if (code == McpSchema.ErrorCodes.INVALID_PARAMS || code == McpSchema.ErrorCodes.INVALID_REQUEST) {
      return new LlmException(
          LlmErrorKind.BAD_REQUEST, "the MCP client rejected the sampling request as invalid (" + message + ")", null, 0, ID, model, error);
    }
    return new LlmException(
        LlmErrorKind.TRANSIENT, "the MCP client reported an error for the sampling request (" + code + ": " + message + ")", null, 0, ID, model, error);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  @Override
  public String toString() {
    return "SamplingBackend[" + permits.availablePermits() + " permits free]";
  }
}
