package dev.decisionmatrix.backends.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.backends.StructuredOutput;
import dev.decisionmatrix.backends.internal.BaseUrl;
import dev.decisionmatrix.backends.internal.ConnectionProbe;
import dev.decisionmatrix.backends.internal.HttpErrorMapper;
import dev.decisionmatrix.backends.internal.HttpReply;
import dev.decisionmatrix.backends.internal.HttpSettings;
import dev.decisionmatrix.backends.internal.HttpTransport;
import dev.decisionmatrix.backends.internal.Json;
import dev.decisionmatrix.backends.internal.ModelAdaptations;
import dev.decisionmatrix.backends.internal.Require;
import dev.decisionmatrix.llm.ChatMessage;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.llm.ResponseSchema;
import dev.decisionmatrix.llm.TokenUsage;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A backend for Ollama's native chat API ({@code POST {baseUrl}/api/chat}, not streamed).
 *
 * <pre>{@code
 * OllamaBackend local = OllamaBackend.builder().model("qwen2.5:7b").build();             // http://localhost:11434
 * OllamaBackend remote = OllamaBackend.builder().host("gpu-box:11434").model("llama3.1:8b").build();
 * }</pre>
 *
 * <p>Structured output uses Ollama's {@code format}: the request's JSON schema ({@link
 * StructuredOutput#JSON_SCHEMA}, Ollama 0.5 and later), or {@code "json"} ({@link
 * StructuredOutput#JSON_OBJECT}). When a server rejects the schema (older versions) the request is
 * sent again with {@code "json"}, and the backend remembers that for the model. Temperature and the
 * output limit go in {@code options} ({@code temperature}, {@code num_predict}); token usage comes
 * from {@code prompt_eval_count} and {@code eval_count}.
 *
 * <p>Thread-safe: one instance serves any number of concurrent calls over one HTTP client. Calls
 * block and react to interruption ({@link LlmErrorKind#CANCELLED}). {@link #close()} releases the
 * HTTP client.
 */
public final class OllamaBackend implements LlmBackend, AutoCloseable {

  /** The base URL used when none is set. */
  public static final String DEFAULT_BASE_URL = "http://localhost:11434";

  /** The model used when none is set. */
  public static final String DEFAULT_MODEL = "llama3.2";

  /** The default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** The default per-request timeout (local models on a CPU can be slow). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(300);

  private static final System.Logger LOG = System.getLogger(OllamaBackend.class.getName());
  private static final String ID = "ollama";
  private static final int MAX_ADAPTATIONS = 2;

  private final BaseUrl baseUrl;
  private final URI chatUri;
  private final String model;
  private final StructuredOutput structuredOutput;
  private final HttpTransport transport;
  private final ModelAdaptations<StructuredOutput> modes;

  private OllamaBackend(Builder b) {
    this.baseUrl = b.settings.baseUrl();
    this.chatUri = baseUrl.resolve("api/chat");
    this.model = Objects.requireNonNull(b.settings.model());
    this.structuredOutput = b.structuredOutput;
    this.transport = b.settings.transport(ID, Map.of());
    this.modes = new ModelAdaptations<>(m -> structuredOutput);
  }

  /**
   * Starts a builder with the defaults: {@value #DEFAULT_BASE_URL}, model {@value #DEFAULT_MODEL},
   * JSON schema output, 10 s connect and 300 s request timeout.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Turns an {@code OLLAMA_HOST} value into a base URL the way the Ollama CLI does: {@code host},
   * {@code host:port}, {@code http://host[:port]} or {@code https://host[:port]}; without a scheme
   * the scheme is http and the port 11434, with {@code http://} and no port 80, with {@code
   * https://} and no port 443.
   *
   * @param value the value, e.g. {@code 127.0.0.1:11434} or {@code http://gpu-box:11434}
   * @return the base URL, e.g. {@code http://127.0.0.1:11434}
   * @throws IllegalArgumentException if the value is blank or not a host
   */
  public static String baseUrlFromHost(String value) {
    String s = Require.nonBlank(value, "OLLAMA_HOST");
    int schemeEnd = s.indexOf("://");
    String scheme = schemeEnd < 0 ? "http" : s.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String rest = schemeEnd < 0 ? s : s.substring(schemeEnd + 3);
    String defaultPort = schemeEnd < 0 ? "11434" : scheme.equals("https") ? "443" : "80";
    int slash = rest.indexOf('/');
    String hostPort = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    boolean hasPort = hostPort.startsWith("[") ? hostPort.contains("]:") : hostPort.contains(":");
    if (hostPort.isEmpty() || hostPort.startsWith(":")) {
      hostPort = "127.0.0.1" + hostPort;
    }
    String url = scheme + "://" + hostPort + (hasPort ? "" : ":" + defaultPort) + path;
    return BaseUrl.parse(url, "OLLAMA_HOST").toString();
  }

  /**
   * Sends a chat request and waits for the answer.
   *
   * @param request what to ask
   * @return the message's text, the token usage and the model that answered
   * @throws LlmException if the call failed; an unknown model fails as {@link LlmErrorKind#BAD_REQUEST}
   */
  @Override
  public ChatResponse chat(ChatRequest request) {
    String m = request.model() != null ? request.model() : model;
    StructuredOutput mode = modes.get(m);
    for (int attempt = 0; ; attempt++) {
      HttpReply reply = transport.postJson(chatUri, body(request, m, mode), m);
      if (reply.ok()) {
        return parse(reply, m);
      }
      if (attempt < MAX_ADAPTATIONS && request.responseSchema() != null && mode != StructuredOutput.NONE && rejectsFormat(reply)) {
        StructuredOutput next = mode.weaker();
        if (modes.replace(m, mode, next)) {
          LOG.log(System.Logger.Level.WARNING, "{0}: {1} rejected format {2} for model {3}; using {4} from now on",
              ID, baseUrl, mode, m, next);
        }
        mode = next;
        continue;
      }
      if (reply.status() == 404) {
        LlmException e = transport.errorFor(reply, m);
        throw new LlmException(
            e.kind(), e.getMessage() + " (run: ollama pull " + m + ")", null, e.httpStatus(), ID, m, null);
      }
      throw transport.errorFor(reply, m);
    }
  }

  private static boolean rejectsFormat(HttpReply reply) {
    if (reply.status() != 400 && reply.status() != 500) {
      return false;
    }
    String msg = HttpErrorMapper.providerMessage(reply.body()).toLowerCase(Locale.ROOT);
    return msg.contains("format") || msg.contains("schema") || msg.contains("cannot unmarshal");
  }

  private byte[] body(ChatRequest request, String m, StructuredOutput mode) {
    ObjectNode body = Json.object();
    body.put("model", m);
    body.put("stream", false);
    ArrayNode messages = body.putArray("messages");
    if (!request.system().isEmpty()) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    for (ChatMessage message : request.messages()) {
      messages.addObject().put("role", message.role() == ChatMessage.Role.USER ? "user" : "assistant").put("content", message.content());
    }
    ResponseSchema schema = request.responseSchema();
    if (schema != null) {
      switch (mode) {
        case JSON_SCHEMA -> body.set("format", transport.schemaTree(schema, m));
        case JSON_OBJECT -> body.put("format", "json");
        case NONE -> {
          // the prompt carries the JSON contract
        }
      }
    }
    ObjectNode options = body.putObject("options");
    if (request.temperature() != null) {
      options.put("temperature", request.temperature());
    }
    options.put("num_predict", request.maxTokens());
    return Json.bytes(body);
  }

  private ChatResponse parse(HttpReply reply, String m) {
    JsonNode root = transport.parseBody(reply, m);
    JsonNode message = root.get("message");
    if (message == null || !message.isObject()) {
      String error = Json.textOrNull(root, "error");
      throw transport.failure(
          LlmErrorKind.TRANSIENT,
          "HTTP " + reply.status() + " from " + BaseUrl.display(reply.uri()) + " carried no message"
              + (error == null ? "" : ": " + transport.redactor().redact(HttpErrorMapper.shorten(error))),
          m,
          null);
    }
    String text = Json.textOrNull(message, "content");
    TokenUsage tokens = new TokenUsage(Json.count(root, "prompt_eval_count"), Json.count(root, "eval_count"));
    String answeredBy = Json.textOrNull(root, "model");
    return new ChatResponse(text == null ? "" : text, tokens, answeredBy != null ? answeredBy : m);
  }

  /** Returns {@code "ollama"}. */
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
   * @return the base URL, e.g. {@code http://localhost:11434}
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
    return modes.get(Require.nonBlank(forModel, "model"));
  }

  /**
   * Sends one tiny request and reports whether it worked and, if not, what to fix (is Ollama
   * running, is the model pulled). Never throws.
   *
   * @return the report
   */
  @Override
  public ConnectionReport testConnection() {
    ConnectionProbe probe =
        new ConnectionProbe(
            ID,
            baseUrl.toString(),
            "Ollama itself has no keys; check the headers of the proxy in front of it.",
            "Start Ollama (ollama serve) or set OLLAMA_HOST (builder host(...)) to where it listens.",
            m -> "Pull the model first: ollama pull " + m + " (or set DECISION_MATRIX_MODEL to a model that `ollama list` shows).");
    return probe.run(this, model);
  }

  /** Releases the HTTP client; calls still in flight fail. */
  @Override
  public void close() {
    transport.close();
  }

  /** Returns kind, base URL and model. */
  @Override
  public String toString() {
    return "OllamaBackend[baseUrl=" + baseUrl + ", model=" + model + ", structuredOutput=" + structuredOutput + "]";
  }

  /** Configures an {@link OllamaBackend}. Each setter checks its value at once. Not thread-safe. */
  public static final class Builder {
    private final HttpSettings settings =
        new HttpSettings(DEFAULT_BASE_URL, DEFAULT_MODEL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    private StructuredOutput structuredOutput = StructuredOutput.JSON_SCHEMA;

    private Builder() {}

    /**
     * Sets the base URL, e.g. {@code http://localhost:11434}.
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
     * Sets the base URL from an {@code OLLAMA_HOST}-style value (see {@link #baseUrlFromHost(String)}).
     *
     * @param value e.g. {@code gpu-box}, {@code gpu-box:11434} or {@code https://ollama.example.com}
     * @return this builder
     * @throws IllegalArgumentException if the value is not a host
     */
    public Builder host(String value) {
      settings.baseUrl(BaseUrl.parse(baseUrlFromHost(value), "host"));
      return this;
    }

    /**
     * Sets the model used when a request names none (default {@value #DEFAULT_MODEL}).
     *
     * @param value the model, e.g. {@code qwen2.5:7b}
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
     * Sets how long to wait for a whole answer (including loading the model). The engine's per-call
     * timeout applies as well.
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
     * Adds a header sent with every request (e.g. for an authenticating proxy). Its value never
     * appears in messages.
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
     */
    public OllamaBackend build() {
      return new OllamaBackend(this);
    }
  }
}
