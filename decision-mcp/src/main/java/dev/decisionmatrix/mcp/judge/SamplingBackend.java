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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * An {@link LlmBackend} that asks one MCP client connection's own model through {@code
 * sampling/createMessage}: the judge's system prompt, messages, token limit and temperature go into
 * the request, and a model name becomes a model-preference hint.
 *
 * <p><b>One instance per client connection</b>, handed out by {@link Judges#attach}: every
 * evaluation (and connection test) of that connection uses it. Each tool call that uses it {@linkplain
 * #attach attaches} the request it serves, and sampling requests travel through the most recently
 * attached request that is still open (over Streamable HTTP a sampling request rides on the stream
 * of a tool call, which closes when that call answers).
 *
 * <p><b>No limiter inside.</b> {@link #maxConcurrency()} is the configured per-client sampling
 * limit, which the engine applies as this backend's per-backend limit: requests beyond it wait in the
 * engine's queue, holding no engine slot, and the limit counts every request of the connection,
 * whichever evaluation asked it.
 *
 * <p><b>Identity.</b> The {@linkplain #id() id} is {@code sampling:<client>:<n>[/<model>]}: the
 * client's name from its {@code initialize} ({@code clientInfo.name}, lower case, characters other
 * than {@code a-z 0-9 . _ -} replaced by {@code -}), a number the server gives each connection, and,
 * once the host has switched models, the model it now reports in its {@code CreateMessageResult}s.
 * The engine keys the concurrency limit, the judgment cache and the sharing of in-flight calls by
 * this id, so:
 *
 * <ul>
 *   <li>two connections never share a limit, cached answers or in-flight calls, even with the same
 *       client name and model: a sampled answer is whatever that client sent, so one client's
 *       answers are never served to another;
 *   <li>one connection's evaluations share them: its cached answers are reused across its
 *       evaluations, and its limit holds across evaluations running at once;
 *   <li>the model is only learnt from answers: the id without a model stands for the first model
 *       the connection answered with, and when the host reports another one, that model joins the
 *       id (and leaves it when the host switches back). The id changes only when an evaluation
 *       starts while none of the connection's evaluations runs, never under a running one, which
 *       would split the limit; so a host that switches models gets its own cache namespace from its
 *       next evaluation on. The requested model hint is in the cache key already (as the model).
 * </ul>
 *
 * <p>Failures become {@link LlmException}s of the right kind: a declined request or a client
 * without sampling is permanent ({@link LlmErrorKind#BAD_REQUEST}), a timeout is {@link
 * LlmErrorKind#TIMEOUT}, an interrupted call {@link LlmErrorKind#CANCELLED}, a client-side error
 * {@link LlmErrorKind#TRANSIENT}. Thread-safe.
 */
public final class SamplingBackend implements LlmBackend {

  /** What every sampling backend id starts with. */
  public static final String ID_PREFIX = BackendNames.SAMPLING + ":";

  private static final int MAX_NAME = 40;
  private static final int MAX_MODEL = 80;

  private final String base;
  private final int maxInFlight;

  // Guarded by this.
  private final ArrayDeque<SamplingClient> routes = new ArrayDeque<>();
  private String id;
  private @Nullable String firstModel;
  private @Nullable String reportedModel;

  /**
   * Creates the backend of one client connection.
   *
   * @param clientName the client's name from {@code initialize}, or {@code null}
   * @param connection the number the server gave the connection
   * @param maxInFlight most requests in flight at once, at least 1
   */
  SamplingBackend(@Nullable String clientName, long connection, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1 but was " + maxInFlight);
    }
    this.base = ID_PREFIX + token(clientName, MAX_NAME, "client") + ":" + connection;
    this.maxInFlight = maxInFlight;
    this.id = base;
  }

  /**
   * Returns the id: {@code sampling:<client>:<n>} while the client answers with the first model it
   * answered with, {@code sampling:<client>:<n>/<model>} from the first evaluation that starts
   * after it reported another model. See the class comment.
   */
  @Override
  public synchronized String id() {
    return id;
  }

  /** Returns the per-client sampling limit, which the engine enforces. */
  @Override
  public OptionalInt maxConcurrency() {
    return OptionalInt.of(maxInFlight);
  }

  /**
   * Never: a sampling request may wait on a person approving it, so a second copy would ask them
   * twice.
   *
   * @return false
   */
  @Override
  public boolean hedgeable() {
    return false;
  }

  /** Returns the model the client last reported, or {@code null} before its first answer. */
  public synchronized @Nullable String reportedModel() {
    return reportedModel;
  }

  /**
   * Lets sampling requests travel through one open request of the client until the attachment is
   * closed. When nothing was attached, the id follows the model the client last reported.
   *
   * @param client the open request's sampling
   * @return the attachment; close it when the request ends
   */
  synchronized Attachment attach(SamplingClient client) {
    Objects.requireNonNull(client, "client");
    if (routes.isEmpty()) {
      id = reportedModel == null || reportedModel.equals(firstModel) ? base : base + "/" + token(reportedModel, MAX_MODEL, "model");
    }
    routes.addLast(client);
    return new Attachment(this, client);
  }

  private synchronized void detach(SamplingClient client) {
    routes.removeLastOccurrence(client);
  }

  /** Returns whether no request is attached. */
  synchronized boolean idle() {
    return routes.isEmpty();
  }

  private synchronized @Nullable SamplingClient route() {
    return routes.peekLast();
  }

  private synchronized void reported(@Nullable String model) {
    if (model != null && !model.isBlank()) {
      reportedModel = model.strip();
      if (firstModel == null) {
        firstModel = reportedModel;
      }
    }
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    SamplingClient client = route();
    if (client == null) {
      throw new LlmException(
          LlmErrorKind.CANCELLED, "no request of this MCP client is open to carry the sampling request", null, 0, id(), request.model(), null);
    }
    try {
      McpSchema.CreateMessageResult result = client.createMessage(toSamplingRequest(request));
      if (result != null) {
        reported(result.model());
      }
      return toResponse(result, request);
    } catch (LlmException e) {
      throw e;
    } catch (RuntimeException e) {
      throw map(e, request.model());
    }
  }

  /**
   * Returns a token for an id: lower case, runs of characters other than {@code a-z 0-9 . _ -}
   * replaced by one {@code -}, at most {@code max} characters.
   */
  static String token(@Nullable String text, int max, String fallback) {
    if (text == null) {
      return fallback;
    }
    StringBuilder b = new StringBuilder(Math.min(text.length(), max));
    String lower = text.strip().toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length() && b.length() < max; i++) {
      char ch = lower.charAt(i);
      boolean ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
      if (ok) {
        b.append(ch);
      } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
        b.append('-');
      }
    }
    while (b.length() > 0 && b.charAt(b.length() - 1) == '-') {
      b.setLength(b.length() - 1);
    }
    return b.isEmpty() ? fallback : b.toString();
  }

  /**
   * One open request through which sampling requests may travel; closing it detaches the request.
   * Closing twice does nothing more.
   */
  public static final class Attachment implements AutoCloseable {
    private final SamplingBackend backend;
    private final SamplingClient client;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Attachment(SamplingBackend backend, SamplingClient client) {
      this.backend = backend;
      this.client = client;
    }

    /** Returns the connection's backend. */
    public SamplingBackend backend() {
      return backend;
    }

    /** Detaches the request. */
    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        backend.detach(client);
      }
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

  private ChatResponse toResponse(McpSchema.@Nullable CreateMessageResult result, ChatRequest request) {
    String backend = id();
    if (result == null) {
      throw new LlmException(LlmErrorKind.INVALID_ANSWER, "the MCP client answered the sampling request with nothing", null, 0, backend, request.model(), null);
    }
    if (result.content() instanceof McpSchema.TextContent text && text.text() != null) {
      return new ChatResponse(text.text(), TokenUsage.ZERO, result.model());
    }
    String type = result.content() == null ? "no" : result.content().getClass().getSimpleName().replace("Content", "").toLowerCase(Locale.ROOT);
    throw new LlmException(
        LlmErrorKind.INVALID_ANSWER, "the MCP client answered with " + type + " content instead of text", null, 0, backend, result.model(), null);
  }

  /**
   * Maps what the transport or client threw to an {@link LlmException}.
   *
   * @param e the failure
   * @param model the requested model, may be {@code null}
   * @return the exception to throw
   */
  LlmException map(RuntimeException e, @Nullable String model) {
    String backend = id();
    if (Thread.currentThread().isInterrupted()) {
      return new LlmException(LlmErrorKind.CANCELLED, "the sampling request was cancelled", null, 0, backend, model, e);
    }
    Throwable t = e;
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return new LlmException(LlmErrorKind.CANCELLED, "the sampling request was cancelled", null, 0, backend, model, e);
      }
      if (t instanceof TimeoutException) {
        return new LlmException(
            LlmErrorKind.TIMEOUT, "the MCP client did not answer the sampling request in time", null, 0, backend, model, e);
      }
      if (t instanceof McpError mcp) {
        return mapClientError(mcp, model);
      }
      if (t instanceof IllegalStateException ise && String.valueOf(ise.getMessage()).contains("sampling")) {
        return new LlmException(
            LlmErrorKind.BAD_REQUEST,
            "the MCP client does not support sampling (it did not declare the sampling capability)",
            null, 0, backend, model, e);
      }
    }
    return new LlmException(
        LlmErrorKind.TRANSIENT, "the sampling request failed: " + describe(e), null, 0, backend, model, e);
  }

  private LlmException mapClientError(McpError error, @Nullable String model) {
    String backend = id();
    McpSchema.JSONRPCResponse.JSONRPCError rpc = error.getJsonRpcError();
    int code = rpc == null ? 0 : rpc.code();
    String message = rpc == null || rpc.message() == null ? String.valueOf(error.getMessage()) : rpc.message();
    String lower = message.toLowerCase(Locale.ROOT);
    if (code == McpSchema.ErrorCodes.METHOD_NOT_FOUND) {
      return new LlmException(
          LlmErrorKind.BAD_REQUEST, "the MCP client does not implement sampling/createMessage (" + message + ")", null, 0, backend, model, error);
    }
    if (code == -1 || lower.contains("reject") || lower.contains("denied") || lower.contains("declin") || lower.contains("cancel")) {
      return new LlmException(
          LlmErrorKind.BAD_REQUEST,
          "the MCP client declined the sampling request (" + message + "); approve sampling requests in the host, or configure a backend",
          null, 0, backend, model, error);
    }
    if (code == McpSchema.ErrorCodes.INVALID_PARAMS || code == McpSchema.ErrorCodes.INVALID_REQUEST) {
      return new LlmException(
          LlmErrorKind.BAD_REQUEST, "the MCP client rejected the sampling request as invalid (" + message + ")", null, 0, backend, model, error);
    }
    return new LlmException(
        LlmErrorKind.TRANSIENT, "the MCP client reported an error for the sampling request (" + code + ": " + message + ")", null, 0, backend, model, error);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  @Override
  public synchronized String toString() {
    return "SamplingBackend[" + id + ", " + routes.size() + " open requests]";
  }
}
