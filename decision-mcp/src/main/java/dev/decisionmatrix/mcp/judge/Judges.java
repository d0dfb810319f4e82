package dev.decisionmatrix.mcp.judge;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.SessionSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Decides which LLM judges what: a criterion's own backend, else the session's choice, else the
 * server's default. The server's default is the backend named by {@code --backend} or {@code
 * DECISION_MATRIX_BACKEND}; when none is named, MCP sampling (the host's own model) if the client
 * offers it, else the provider the environment configures.
 *
 * <p>Provider backends are created lazily from the environment and registered on the engine under
 * their names, so criterion overrides work; {@code sampling} belongs to one client connection, so
 * each evaluation brings its connection's {@link SamplingBackend} (see {@link #attach} and {@link
 * JudgePlan#callerBackends()}): one per connection, not per evaluation, so the sampling limit and
 * cached sampled answers are per client. Thread-safe.
 */
public final class Judges implements AutoCloseable {

  private static final String HOW_TO_CONFIGURE_ANY =
      "Use an MCP client that supports sampling (the server then asks the host's own model), or configure a backend for the"
          + " server and restart it: DECISION_MATRIX_BACKEND=openai with OPENAI_API_KEY (and OPENAI_BASE_URL for a compatible"
          + " endpoint such as LiteLLM), DECISION_MATRIX_BACKEND=anthropic with ANTHROPIC_API_KEY, DECISION_MATRIX_BACKEND=ollama"
          + " with OLLAMA_HOST, or DECISION_MATRIX_BACKEND=bedrock with AWS_REGION and AWS credentials. You can also enter"
          + " scores by hand with set_score.";

  private final BackendFactory factory;
  private final @Nullable String serverDefault;
  private final @Nullable String serverModel;
  private final SamplingConnections connections;
  private final Map<String, LazyBackend> providers = new LinkedHashMap<>();

  /**
   * Creates the judges.
   *
   * @param factory creates provider backends from the environment
   * @param serverDefault the server's default judge name, or {@code null} for automatic
   * @param serverModel the server's default model, or {@code null}
   * @param samplingConcurrency most sampling requests in flight per client connection
   * @throws JudgeUnavailableException if the server default names a provider that is not configured
   */
  public Judges(BackendFactory factory, @Nullable String serverDefault, @Nullable String serverModel, int samplingConcurrency) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.serverDefault = serverDefault == null ? null : BackendNames.normalize(serverDefault);
    this.serverModel = serverModel;
    this.connections = new SamplingConnections(samplingConcurrency);
    for (String name : new TreeSet<>(factory.configured())) {
      String n = BackendNames.normalize(name);
      providers.put(n, new LazyBackend(n, () -> factory.create(n)));
    }
    if (this.serverDefault != null && !BackendNames.SAMPLING.equals(this.serverDefault) && !providers.containsKey(this.serverDefault)) {
      throw new JudgeUnavailableException(
          "the default backend \"" + this.serverDefault + "\" is not configured", factory.howToConfigure(this.serverDefault));
    }
  }

  /**
   * Registers the configured providers on an engine builder.
   *
   * @param builder the engine builder
   * @return the builder
   */
  public DecisionEngine.Builder registerOn(DecisionEngine.Builder builder) {
    providers.forEach(builder::backend);
    return builder;
  }

  /**
   * Returns the backend to build the engine with. Evaluations always pass their own backend, so
   * this one is used only by code that bypasses the server.
   *
   * @return the environment's default provider, or a backend that explains how to configure one
   */
  public LlmBackend engineDefault() {
    Optional<String> env = environmentDefault();
    if (env.isPresent()) {
      return providers.get(env.get());
    }
    return new LlmBackend() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        throw new LlmException(LlmErrorKind.BAD_REQUEST, "no LLM backend is configured. " + HOW_TO_CONFIGURE_ANY);
      }

      @Override
      public String id() {
        return "unconfigured";
      }
    };
  }

  private Optional<String> environmentDefault() {
    if (serverDefault != null && !BackendNames.SAMPLING.equals(serverDefault)) {
      return Optional.of(serverDefault);
    }
    return factory.environmentDefault().map(BackendNames::normalize).filter(providers::containsKey);
  }

  /** Returns the configured provider names. */
  public List<String> configuredProviders() {
    if (factory instanceof MisconfiguredDefault m) {
      return providers.keySet().stream().filter(n -> !n.equals(m.broken())).toList();
    }
    return List.copyOf(providers.keySet());
  }

  /**
   * Attaches a request to its client connection's sampling backend: the backend is the same for
   * every request of one connection (by {@link SamplingClient#connection()}), and sampling requests
   * may travel through this request until the attachment is closed. Attach before planning and
   * starting an evaluation, and close when it ended.
   *
   * @param client the request's sampling, or {@code null} if the client offers none
   * @return the attachment, or {@code null} if {@code client} is {@code null}
   */
  public SamplingBackend.@Nullable Attachment attach(@Nullable SamplingClient client) {
    return client == null ? null : connections.attach(client);
  }

  /**
   * Checks that a backend name can judge for a client, before anything is stored.
   *
   * @param field the argument that named it, for the message
   * @param name the name
   * @param clientHasSampling whether the calling client offers sampling
   * @return the normalised name
   * @throws JudgeUnavailableException if the name is unknown or the backend cannot be used
   */
  public String checkUsable(String field, String name, boolean clientHasSampling) {
    String n = BackendNames.normalize(name);
    if (!BackendNames.isKnown(n)) {
      throw new JudgeUnavailableException(
          field + " \"" + name + "\" is not a known backend",
          "Use one of: " + String.join(", ", BackendNames.all()) + ", or leave it out to use the server's default judge.");
    }
    if (BackendNames.SAMPLING.equals(n)) {
      if (!clientHasSampling) {
        throw new JudgeUnavailableException(
            field + " \"sampling\" asks the host's own model, but this MCP client does not support sampling",
            "Leave " + field + " out to use the server's default judge, or name a configured backend"
                + (providers.isEmpty() ? " (none is configured: " + HOW_TO_CONFIGURE_ANY + ")" : ": " + String.join(", ", providers.keySet()))
                + ".");
      }
      return n;
    }
    if (!providers.containsKey(n)) {
      throw new JudgeUnavailableException(
          field + " \"" + n + "\" is not configured on this server",
          factory.howToConfigure(n) + " Then restart the server. "
              + (providers.isEmpty() ? "No backend is configured now." : "Configured now: " + String.join(", ", providers.keySet()) + "."));
    }
    return n;
  }

  /**
   * Plans who judges an evaluation.
   *
   * @param decision the decision to evaluate
   * @param settings the session's settings
   * @param sampling the calling connection's sampling backend ({@link #attach}), or {@code null}
   *     if the client offers none
   * @return the plan
   * @throws JudgeUnavailableException if a needed judge cannot be used; the hint says how to fix it
   */
  public JudgePlan plan(Decision decision, SessionSettings settings, @Nullable SamplingBackend sampling) {
    String name;
    boolean serverChoice;
    if (settings.backend() != null) {
      name = checkUsable("the session's model_backend", settings.backend(), sampling != null);
      serverChoice = false;
    } else {
      name = defaultName(sampling != null);
      serverChoice = true;
    }
    for (int c = 0; c < decision.criteria().size(); c++) {
      Criterion criterion = decision.criteria().get(c);
      if (criterion.backend() != null) {
        checkUsable("criterion \"" + criterion.name() + "\" model_backend", criterion.backend(), sampling != null);
      }
    }
    Map<String, LlmBackend> callerBackends = sampling == null ? Map.of() : Map.of(BackendNames.SAMPLING, sampling);
    LlmBackend backend = BackendNames.SAMPLING.equals(name) ? Objects.requireNonNull(sampling) : providers.get(name);
    String model = settings.model() != null ? settings.model() : serverChoice ? serverModel : null;
    return new JudgePlan(backend, model, settings.temperature(), describe(name), callerBackends);
  }

  /**
   * Returns the name of the server's default judge for a client.
   *
   * @param clientHasSampling whether the client offers sampling
   * @return the name
   * @throws JudgeUnavailableException if there is none
   */
  public String defaultName(boolean clientHasSampling) {
    if (serverDefault != null) {
      if (BackendNames.SAMPLING.equals(serverDefault) && !clientHasSampling) {
        throw new JudgeUnavailableException(
            "the server is set to judge with MCP sampling (DECISION_MATRIX_BACKEND=sampling), but this MCP client does not support sampling",
            "Use a client that supports sampling, or restart the server with another DECISION_MATRIX_BACKEND. " + HOW_TO_CONFIGURE_ANY);
      }
      return serverDefault;
    }
    if (clientHasSampling) {
      return BackendNames.SAMPLING;
    }
    return environmentDefault()
        .orElseThrow(
            () -> new JudgeUnavailableException(
                "no judge is available: this MCP client does not support sampling and the server has no LLM backend configured",
                HOW_TO_CONFIGURE_ANY));
  }

  /**
   * Describes the server's default judge for a client without failing.
   *
   * @param clientHasSampling whether the client offers sampling
   * @return e.g. "MCP sampling (the host's own model)" or "none configured"
   */
  public String describeDefault(boolean clientHasSampling) {
    try {
      return describe(defaultName(clientHasSampling));
    } catch (JudgeUnavailableException e) {
      return "none available (" + e.getMessage() + ")";
    }
  }

  private String describe(String name) {
    if (BackendNames.SAMPLING.equals(name)) {
      return "MCP sampling (the host's own model)";
    }
    LazyBackend b = providers.get(name);
    String model = serverModel != null && name.equals(serverDefault) ? serverModel : null;
    return name + (model != null ? " (" + model + ")" : b != null && b.defaultModel() != null ? " (" + b.defaultModel() + ")" : "");
  }

  /**
   * Tests a judge with one tiny request.
   *
   * @param name the judge's name, or {@code null} for the default
   * @param sampling the client's sampling, or {@code null}
   * @return the report; never contains secrets
   * @throws JudgeUnavailableException if the judge cannot be used at all
   */
  public ConnectionReport test(@Nullable String name, @Nullable SamplingClient sampling) {
    String n = name == null ? defaultName(sampling != null) : checkUsable("backend", name, sampling != null);
    if (BackendNames.SAMPLING.equals(n)) {
      try (SamplingBackend.Attachment attached = connections.attach(Objects.requireNonNull(sampling))) {
        return attached.backend().testConnection();
      }
    }
    ConnectionReport report = providers.get(n).testConnection();
    return report == null
        ? new ConnectionReport(false, n, null, "the backend gave no report", LlmErrorKind.UNKNOWN, Duration.ZERO)
        : report;
  }

  /**
   * Says how to configure a provider.
   *
   * @param name the provider's name
   * @return one sentence
   */
  public String howToConfigure(String name) {
    return BackendNames.isSampling(name)
        ? "Use an MCP client that supports sampling."
        : factory.howToConfigure(BackendNames.normalize(name));
  }

  /** Returns how to configure any judge. */
  public static String howToConfigureAny() {
    return HOW_TO_CONFIGURE_ANY;
  }

  /** Closes the providers that were created. */
  @Override
  public void close() {
    for (LazyBackend b : providers.values()) {
      b.close();
    }
  }
}
