package dev.decisionmatrix.backends.openai;

import dev.decisionmatrix.backends.StructuredOutput;
import dev.decisionmatrix.backends.internal.BaseUrl;
import dev.decisionmatrix.backends.internal.ConnectionProbe;
import dev.decisionmatrix.backends.internal.HttpErrorMapper;
import dev.decisionmatrix.backends.internal.HttpReply;
import dev.decisionmatrix.backends.internal.HttpSettings;
import dev.decisionmatrix.backends.internal.HttpTransport;
import dev.decisionmatrix.backends.internal.ModelAdaptations;
import dev.decisionmatrix.backends.internal.Require;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A backend for the OpenAI chat completions API ({@code POST {baseUrl}/chat/completions}) and the
 * servers that speak it: OpenAI, LiteLLM proxy, vLLM, LM Studio, OpenRouter, Ollama's {@code /v1}.
 *
 * <pre>{@code
 * OpenAiBackend openai = OpenAiBackend.builder().apiKey(System.getenv("OPENAI_API_KEY")).model("gpt-4.1-mini").build();
 * OpenAiBackend local = OpenAiBackend.builder().baseUrl("http://localhost:8000/v1").model("Qwen/Qwen2.5-7B-Instruct").build();
 * }</pre>
 *
 * <p>Structured output follows {@link Builder#structuredOutput(StructuredOutput)} (default {@link
 * StructuredOutput#JSON_SCHEMA}). When a server answers 400 naming {@code response_format} or
 * {@code json_schema}, the request is sent again once with the next weaker mode (JSON object, then
 * none), and the backend remembers that for the model. In the same way it drops {@code temperature}
 * for models that accept only their default, and switches between {@code max_tokens} and {@code
 * max_completion_tokens} (the latter is sent to {@code api.openai.com}, the former elsewhere).
 *
 * <p>Thread-safe: one instance serves any number of concurrent calls over one HTTP client. Calls
 * block and react to interruption ({@link LlmErrorKind#CANCELLED}). {@link #close()} releases the
 * HTTP client. {@link #toString()} shows the base URL and model, never the key.
 */
public final class OpenAiBackend implements LlmBackend, AutoCloseable {

  /** The base URL used when none is set. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** The model used against {@code api.openai.com} when none is set. */
  public static final String DEFAULT_MODEL = "gpt-4.1-mini";

  /** The default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The default per-request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);

  private static final System.Logger LOG = System.getLogger(OpenAiBackend.class.getName());
  private static final String ID = "openai";
  private static final String OFFICIAL_HOST = "api.openai.com";
  private static final int MAX_ADAPTATIONS = 3;

  private final BaseUrl baseUrl;
  private final URI chatUri;
  private final @Nullable String model;
  private final StructuredOutput structuredOutput;
  private final boolean officialApi;
  private final HttpTransport transport;
  private final ModelAdaptations<Dialect> dialects;

  private OpenAiBackend(Builder b) {
    HttpSettings s = b.settings;
    this.baseUrl = s.baseUrl();
    this.chatUri = baseUrl.resolve("chat/completions");
    this.officialApi = baseUrl.host().equalsIgnoreCase(OFFICIAL_HOST);
    this.model = s.model() != null ? s.model() : officialApi ? DEFAULT_MODEL : null;
    this.structuredOutput = b.structuredOutput;
    Map<String, String> own = new HashMap<>();
    if (s.apiKey() != null) {
      own.put("Authorization", "Bearer " + s.apiKey());
    }
    if (b.organization != null) {
      own.put("OpenAI-Organization", b.organization);
    }
    if (b.project != null) {
      own.put("OpenAI-Project", b.project);
    }
    this.transport = s.transport(ID, own);
    this.dialects = new ModelAdaptations<>(m -> new Dialect(structuredOutput, true, officialApi));
  }

  /**
   * Starts a builder with the defaults: {@value #DEFAULT_BASE_URL}, no key, model {@value
   * #DEFAULT_MODEL} for {@code api.openai.com} (none elsewhere), JSON schema output, 10 s connect
   * and 120 s request timeout.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends a chat completion request and waits for the answer.
   *
   * @param request what to ask
   * @return the first choice's text, the token usage and the model that answered
   * @throws LlmException if the call failed; see {@link LlmErrorKind} for the kinds
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    String m = request.model() != null ? request.model() : model;
    if (m == null) {
      throw transport.failure(
          LlmErrorKind.BAD_REQUEST,
          "no model: " + baseUrl + " is not api.openai.com, so set the model (builder model(...) or DECISION_MATRIX_MODEL)",
          null,
          null);
    }
    Dialect dialect = dialects.get(m);
    for (int attempt = 0; ; attempt++) {
      HttpReply reply = transport.postJson(chatUri, ChatCompletionsWire.body(request, m, dialect, transport), m);
      if (reply.ok()) {
        return ChatCompletionsWire.parse(reply, m, transport).withRateLimits(transport.rateLimits(reply));
      }
      if (reply.status() == 400 && attempt < MAX_ADAPTATIONS) {
        Dialect next = dialect.adaptTo(request, HttpErrorMapper.providerMessage(reply.body()));
        if (next != null) {
          if (dialects.replace(m, dialect, next)) {
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} rejected a request parameter for model {2}; sending {3} from now on",
                ID, baseUrl, m, next);
          }
          dialect = next;
          continue;
        }
      }
      throw transport.errorFor(reply, m);
    }
  }

  /** Returns {@code "openai"}. */
  @Override
  public String id() {
    return ID;
  }

  /**
   * Returns the configured model: the builder's, else {@value #DEFAULT_MODEL} for {@code
   * api.openai.com}, else {@code null}.
   */
  @Override
  public @Nullable String defaultModel() {
    return model;
  }

  /**
   * Returns the base URL.
   *
   * @return the base URL without credentials, e.g. {@code https://api.openai.com/v1}
   */
  public String baseUrl() {
    return baseUrl.toString();
  }

  /**
   * Returns the structured-output mode currently used for a model: the configured one, or a weaker
   * one if the server rejected it.
   *
   * @param forModel the model
   * @return the mode
   */
  public StructuredOutput structuredOutput(String forModel) {
    return dialects.get(Require.nonBlank(forModel, "model")).mode();
  }

  /**
   * Sends one tiny request with the default model and reports whether it worked and, if not, what
   * to fix (the key, the base URL, the model). Never throws.
   *
   * @return the report
   */
  @Override
  public ConnectionReport testConnection() {
    ConnectionProbe probe =
        new ConnectionProbe(
            ID,
            baseUrl.toString(),
            "Set OPENAI_API_KEY (builder apiKey(...)) to a valid key for " + baseUrl + " that may use the model.",
            "Check OPENAI_BASE_URL (builder baseUrl(...)); OpenAI-compatible servers usually end in /v1.",
            m -> "Check that the model '" + m + "' exists at " + baseUrl + " (DECISION_MATRIX_MODEL).");
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
    return "OpenAiBackend[baseUrl=" + baseUrl + ", model=" + model + ", structuredOutput=" + structuredOutput + "]";
  }

  /**
   * Configures an {@link OpenAiBackend}. Each setter checks its value at once. Not thread-safe.
   */
  public static final class Builder {
    private final HttpSettings settings = new HttpSettings(DEFAULT_BASE_URL, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    private @Nullable String organization;
    private @Nullable String project;
    private StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;

    private Builder() {}

    /**
     * Sets the base URL, up to and including the API version, e.g. {@code https://api.openai.com/v1},
     * {@code http://localhost:4000} (LiteLLM), {@code http://localhost:8000/v1} (vLLM), {@code
     * http://localhost:1234/v1} (LM Studio), {@code https://openrouter.ai/api/v1}, {@code
     * http://localhost:11434/v1} (Ollama).
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
     * Sets the API key, sent as {@code Authorization: Bearer}. Optional for local servers.
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
     * Sets the model used when a request names none.
     *
     * @param value the model, e.g. {@code gpt-4.1-mini}
     * @return this builder
     * @throws IllegalArgumentException if the value is blank
     */
    public Builder model(String value) {
      settings.model(value);
      return this;
    }

    /**
     * Sets the organization, sent as {@code OpenAI-Organization}.
     *
     * @param value the organization id
     * @return this builder
     * @throws IllegalArgumentException if the value is blank or not a valid header value
     */
    public Builder organization(String value) {
      String v = Require.nonBlank(value, "organization");
      Require.header("OpenAI-Organization", v);
      this.organization = v;
      return this;
    }

    /**
     * Sets the project, sent as {@code OpenAI-Project}.
     *
     * @param value the project id
     * @return this builder
     * @throws IllegalArgumentException if the value is blank or not a valid header value
     */
    public Builder project(String value) {
      String v = Require.nonBlank(value, "project");
      Require.header("OpenAI-Project", v);
      this.project = v;
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
     * Adds a header sent with every request (e.g. for a proxy). Its value never appears in messages.
     *
     * @param name the header name
     * @param value the header value
     * @return this builder
     * @throws IllegalArgumentException if the header is invalid, restricted by the JDK, or one the
     *     backend sets itself ({@code Content-Type}, {@code Accept}, {@code User-Agent})
     */
    public Builder header(String name, String value) {
      settings.header(name, value);
      return this;
    }

    /**
     * Sets how JSON output is requested (default {@link StructuredOutput#JSON_SCHEMA}).
     *
     * @param value the mode
     * @return this builder
     * @throws IllegalArgumentException if the value is {@code null}
     */
    public Builder structuredOutput(StructuredOutput value) {
      this.structuredOutput = Require.nonNull(value, "structuredOutput");
      return this;
    }

    /**
     * Builds the backend.
     *
     * @return the backend
     * @throws IllegalStateException if the base URL is {@code api.openai.com} and no key is set
     */
    public OpenAiBackend build() {
      settings.requireKeyFor(OFFICIAL_HOST, "OPENAI_API_KEY");
      return new OpenAiBackend(this);
    }
  }
}
