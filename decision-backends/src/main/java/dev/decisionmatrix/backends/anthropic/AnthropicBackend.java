package dev.decisionmatrix.backends.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.backends.internal.BaseUrl;
import dev.decisionmatrix.backends.internal.ConnectionProbe;
import dev.decisionmatrix.backends.internal.HttpReply;
import dev.decisionmatrix.backends.internal.HttpSettings;
import dev.decisionmatrix.backends.internal.HttpTransport;
import dev.decisionmatrix.backends.internal.Json;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.llm.TokenUsage;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A backend for the Anthropic Messages API ({@code POST {baseUrl}/v1/messages}).
 *
 * <pre>{@code
 * AnthropicBackend claude = AnthropicBackend.builder().apiKey(System.getenv("ANTHROPIC_API_KEY")).build();
 * }</pre>
 *
 * <p>The system prompt is sent as the top-level {@code system} string. The Messages API has no
 * JSON-schema response format, so a request's {@link dev.decisionmatrix.llm.ResponseSchema} is not
 * sent: the judge prompt states the JSON contract and the core's parser is lenient. Temperatures
 * above 1 are sent as 1 (the API's maximum).
 *
 * <p>Thread-safe: one instance serves any number of concurrent calls over one HTTP client. Calls
 * block and react to interruption ({@link LlmErrorKind#CANCELLED}). {@link #close()} releases the
 * HTTP client. {@link #toString()} shows the base URL and model, never the key.
 */
public final class AnthropicBackend implements LlmBackend, AutoCloseable {

  /** The base URL used when none is set. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

  /** The model used when none is set: Claude Sonnet 4.5 (alias of the latest snapshot). */
  public static final String DEFAULT_MODEL = "claude-sonnet-4-5";

  /** The API version sent as {@code anthropic-version}. */
  public static final String API_VERSION = "2023-06-01";

  /** The default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The default per-request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

  private static final String ID = "anthropic";

  private final BaseUrl baseUrl;
  private final URI messagesUri;
  private final String model;
  private final HttpTransport transport;

  private AnthropicBackend(HttpSettings s) {
    // Accept both https://api.anthropic.com and https://api.anthropic.com/v1.
    this.baseUrl = s.baseUrl().withoutSuffix("/v1");
    this.messagesUri = baseUrl.resolve("v1/messages");
    this.model = Objects.requireNonNull(s.model());
    Map<String, String> own = new HashMap<>();
    if (s.apiKey() != null) {
      own.put("x-api-key", s.apiKey());
    }
    own.put("anthropic-version", API_VERSION);
    this.transport = s.transport(ID, own);
  }

  /**
   * Starts a builder with the defaults: {@value #DEFAULT_BASE_URL}, model {@value #DEFAULT_MODEL},
   * 10 s connect and 120 s request timeout. A key is required unless the base URL is changed.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends a Messages request and waits for the answer.
   *
   * @param request what to ask
   * @return the text blocks of the answer, joined, with token usage and the model that answered
   * @throws LlmException if the call failed; see {@link LlmErrorKind} for the kinds
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    String m = request.model() != null ? request.model() : model;
    HttpReply reply = transport.postJson(messagesUri, body(request, m), m);
    if (!reply.ok()) {
      throw transport.errorFor(reply, m);
    }
    JsonNode root = transport.parseBody(reply, m);
    JsonNode content = root.get("content");
    if (content == null || !content.isArray()) {
      throw transport.failure(
          LlmErrorKind.TRANSIENT, "HTTP " + reply.status() + " from " + BaseUrl.display(reply.uri()) + " carried no content", m, null);
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : content) {
      if ("text".equals(Json.textOrNull(block, "type"))) {
        String t = Json.textOrNull(block, "text");
        if (t != null) {
          text.append(t);
        }
      }
    }
    JsonNode usage = root.get("usage");
    TokenUsage tokens = new TokenUsage(Json.count(usage, "input_tokens"), Json.count(usage, "output_tokens"));
    String answeredBy = Json.textOrNull(root, "model");
    return new ChatResponse(text.toString(), tokens, answeredBy != null ? answeredBy : m, transport.rateLimits(reply));
  }

  private static byte[] body(ChatRequest request, String m) {
    ObjectNode body = Json.object();
    body.put("model", m);
    body.put("max_tokens", request.maxTokens());
    if (!request.system().isEmpty()) {
      body.put("system", request.system());
    }
    if (request.temperature() != null) {
      body.put("temperature", Math.min(1.0, request.temperature()));
    }
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      messages.addObject().put("role", message.role() == ChatMessage.Role.USER ? "user" : "assistant").put("content", message.content());
    }
    return Json.bytes(body);
  }

  /** Returns {@code "anthropic"}. */
  @Override
  public String id() {
    return ID;
  }

  /** Returns the configured model (never {@code null}). */
  @Override
  public String defaultModel() {
    return model;
  }

  /**
   * Returns the base URL.
   *
   * @return the base URL without {@code /v1} and without credentials, e.g. {@code https://api.anthropic.com}
   */
  public String baseUrl() {
    return baseUrl.toString();
  }

  /**
   * Sends one tiny request and reports whether it worked and, if not, what to fix (the key, the base
   * URL, the model). Never throws.
   *
   * @return the report
   */
  @Override
  public ConnectionReport testConnection() {
    ConnectionProbe probe =
        new ConnectionProbe(
            ID,
            baseUrl.toString(),
            "Set ANTHROPIC_API_KEY (builder apiKey(...)) to a valid key from console.anthropic.com.",
            "Check ANTHROPIC_BASE_URL (builder baseUrl(...)); the default is " + DEFAULT_BASE_URL + ".",
            m -> "Check the model name '" + m + "' (DECISION_MATRIX_MODEL), e.g. " + DEFAULT_MODEL + ".");
    return probe.run(this, model);
  }

  /** Releases the HTTP client; calls still in flight fail. */
  @Override
  public void close() {
    transport.close();
  }

  /** Returns kind, base URL and model; never the key. */
  @Override
  public String toString() {
    return "AnthropicBackend[baseUrl=" + baseUrl + ", model=" + model + "]";
  }

  /** Configures an {@link AnthropicBackend}. Each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private final HttpSettings settings =
        new HttpSettings(DEFAULT_BASE_URL, DEFAULT_MODEL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);

    private Builder() {}

    /**
     * Sets the base URL, e.g. a proxy. {@code https://api.anthropic.com} and {@code
     * https://api.anthropic.com/v1} both work.
     *
     * @param value an absolute http(s) URL; a trailing slash is ignored
     * @return this builder
     * @throws IllegalArgumentException if the value is not an http(s) URL with a host
     */
    public Builder baseUrl(String value) {
      settings.baseUrl(value);
      return this;
    }

    /**
     * Sets the API key, sent as {@code x-api-key}.
     *
     * @param value the key
     * @return this builder
     * @throws IllegalArgumentException if the key is blank or has control characters
     */
    public Builder apiKey(String value) {
      settings.apiKey(value);
      return this;
    }

    /**
     * Sets the model used when a request names none (default {@value #DEFAULT_MODEL}).
     *
     * @param value the model, e.g. {@code claude-haiku-4-5}
     * @return this builder
     * @throws IllegalArgumentException if the value is blank
     */
    public Builder model(String value) {
      settings.model(value);
      return this;
    }

    /**
     * Sets how long to wait for a connection.
     *
     * @param value a positive duration of at most a day
     * @return this builder
     * @throws IllegalArgumentException if the value is out of range
     */
    public Builder connectTimeout(Duration value) {
      settings.connectTimeout(value);
      return this;
    }

    /**
     * Sets how long to wait for a whole answer. The engine's per-call timeout applies as well.
     *
     * @param value a positive duration of at most a day
     * @return this builder
     * @throws IllegalArgumentException if the value is out of range
     */
    public Builder requestTimeout(Duration value) {
      settings.requestTimeout(value);
      return this;
    }

    /**
     * Adds a header sent with every request, e.g. {@code anthropic-beta}. Its value never appears
     * in messages.
     *
     * @param name the header name
     * @param value the header value
     * @return this builder
     * @throws IllegalArgumentException if the header is invalid, restricted by the JDK, or one the
     *     backend sets itself
     */
    public Builder header(String name, String value) {
      settings.header(name, value);
      return this;
    }

    /**
     * Builds the backend.
     *
     * @return the backend
     * @throws IllegalStateException if the base URL is {@code api.anthropic.com} and no key is set
     */
    public AnthropicBackend build() {
      settings.requireKeyFor("api.anthropic.com", "ANTHROPIC_API_KEY");
      return new AnthropicBackend(settings);
    }
  }
}
