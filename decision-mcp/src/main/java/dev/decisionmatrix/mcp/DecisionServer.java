package dev.decisionmatrix.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.cost.PriceTable;
import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.RetryPolicy;
import dev.decisionmatrix.mcp.judge.BackendFactory;
import dev.decisionmatrix.mcp.judge.Judges;
import dev.decisionmatrix.mcp.tools.McpToolContext;
import dev.decisionmatrix.mcp.tools.PromptCatalog;
import dev.decisionmatrix.mcp.tools.ResourceCatalog;
import dev.decisionmatrix.mcp.tools.RunningEvaluations;
import dev.decisionmatrix.mcp.tools.ToolCatalog;
import dev.decisionmatrix.mcp.tools.ToolServices;
import dev.decisionmatrix.store.DecisionStore;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The decision-matrix MCP server, independent of the transport: one engine, one session store, the
 * judges, and the tools, resources and prompts wired onto an SDK server for a transport. Holds no
 * decision logic. Thread-safe; close it to cancel running evaluations and release the engine.
 */
public final class DecisionServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(DecisionServer.class.getName());

  /** How long the SDK waits for a client's answer (sampling) before giving up: long evaluations need time. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(10);

  /** How long one LLM call may take, MCP sampling round trips included, unless configured otherwise. */
  public static final Duration CALL_TIMEOUT = ServerOptions.DEFAULT_CALL_TIMEOUT;

  private static final String INSTRUCTIONS =
      "Decision matrix: compare options on weighted criteria, with an LLM judging every cell. Typical flow:"
          + " start_decision_analysis (topic, options, criteria) -> evaluate_options -> get_decision_matrix. Edit with"
          + " add_option, add_criterion, update_criterion (re-weighting needs no new judgments), remove_option,"
          + " remove_criterion, set_score. Sessions persist; list_sessions and current_session find them again.";

  private final Judges judges;
  private final DecisionEngine engine;
  private final DecisionStore store;
  private final EvaluationCache cache;
  private final RunningEvaluations running = new RunningEvaluations();
  private final ObjectMapper objectMapper = new ObjectMapper();
  private final McpJsonMapper jsonMapper = new JacksonMcpJsonMapper(objectMapper);
  private final ToolCatalog tools;
  private final ResourceCatalog resources;
  private final PromptCatalog prompts = new PromptCatalog();

  /**
   * Creates the server with an in-memory judgment cache ({@link EvaluationCache#inMemory()}).
   *
   * @param store where sessions live (the server closes it)
   * @param backends creates provider backends
   * @param serverDefault the default judge ({@code null}: automatic)
   * @param serverModel the default model, or {@code null}
   * @param maxConcurrency most LLM calls in flight
   * @param samplingConcurrency most sampling requests in flight per client
   * @param sessionTtl how long unused sessions live
   * @param clock the time source
   * @throws dev.decisionmatrix.mcp.judge.JudgeUnavailableException if the default judge is a provider
   *     that is not configured
   */
  public DecisionServer(
      DecisionStore store,
      BackendFactory backends,
      @Nullable String serverDefault,
      @Nullable String serverModel,
      int maxConcurrency,
      int samplingConcurrency,
      Duration sessionTtl,
      InstantSource clock) {
    this(store, EvaluationCache.inMemory(), backends, serverDefault, serverModel, maxConcurrency, samplingConcurrency, sessionTtl, clock);
  }

  /**
   * Creates the server.
   *
   * @param store where sessions live (the server closes it)
   * @param cache the engine's judgment cache (the server closes it if it is {@link AutoCloseable})
   * @param backends creates provider backends
   * @param serverDefault the default judge ({@code null}: automatic)
   * @param serverModel the default model, or {@code null}
   * @param maxConcurrency most LLM calls in flight
   * @param samplingConcurrency most sampling requests in flight per client
   * @param sessionTtl how long unused sessions live
   * @param clock the time source
   * @throws dev.decisionmatrix.mcp.judge.JudgeUnavailableException if the default judge is a provider
   *     that is not configured
   */
  public DecisionServer(
      DecisionStore store,
      EvaluationCache cache,
      BackendFactory backends,
      @Nullable String serverDefault,
      @Nullable String serverModel,
      int maxConcurrency,
      int samplingConcurrency,
      Duration sessionTtl,
      InstantSource clock) {
    this(store, cache, backends, serverDefault, serverModel, maxConcurrency, samplingConcurrency, sessionTtl, clock, PriceTable.defaults());
  }

  /**
   * Creates the server with token prices.
   *
   * @param store where sessions live (the server closes it)
   * @param cache the engine's judgment cache (the server closes it if it is {@link AutoCloseable})
   * @param backends creates provider backends
   * @param serverDefault the default judge ({@code null}: automatic)
   * @param serverModel the default model, or {@code null}
   * @param maxConcurrency most LLM calls in flight
   * @param samplingConcurrency most sampling requests in flight per client
   * @param sessionTtl how long unused sessions live
   * @param clock the time source
   * @param prices the token prices costs are reported with
   * @throws dev.decisionmatrix.mcp.judge.JudgeUnavailableException if the default judge is a provider
   *     that is not configured
   */
  public DecisionServer(
      DecisionStore store,
      EvaluationCache cache,
      BackendFactory backends,
      @Nullable String serverDefault,
      @Nullable String serverModel,
      int maxConcurrency,
      int samplingConcurrency,
      Duration sessionTtl,
      InstantSource clock,
      PriceTable prices) {
    this(store, cache, backends, serverDefault, serverModel, maxConcurrency, samplingConcurrency, sessionTtl, clock, prices,
        CALL_TIMEOUT, "--call-timeout", RetryPolicy.defaults().maxAttempts() - 1);
  }

  /**
   * Creates the server with token prices, a per-call timeout and a retry budget.
   *
   * @param store where sessions live (the server closes it)
   * @param cache the engine's judgment cache (the server closes it if it is {@link AutoCloseable})
   * @param backends creates provider backends
   * @param serverDefault the default judge ({@code null}: automatic)
   * @param serverModel the default model, or {@code null}
   * @param maxConcurrency most LLM calls in flight
   * @param samplingConcurrency most sampling requests in flight per client
   * @param sessionTtl how long unused sessions live
   * @param clock the time source
   * @param prices the token prices costs are reported with
   * @param callTimeout how long one LLM call may take
   * @param callTimeoutSetting the flag or variable that sets it, named in timeout errors
   * @param maxRetries how often a failed call is retried (0: never)
   * @throws dev.decisionmatrix.mcp.judge.JudgeUnavailableException if the default judge is a provider
   *     that is not configured
   */
  public DecisionServer(
      DecisionStore store,
      EvaluationCache cache,
      BackendFactory backends,
      @Nullable String serverDefault,
      @Nullable String serverModel,
      int maxConcurrency,
      int samplingConcurrency,
      Duration sessionTtl,
      InstantSource clock,
      PriceTable prices,
      Duration callTimeout,
      String callTimeoutSetting,
      int maxRetries) {
    this.store = Objects.requireNonNull(store, "store");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.judges = new Judges(backends, serverDefault, serverModel, samplingConcurrency);
    this.engine =
        judges.registerOn(DecisionEngine.builder(judges.engineDefault()))
            .cache(cache)
            .maxConcurrency(maxConcurrency)
            .initialBackendConcurrency(Math.min(ServerOptions.INITIAL_CONCURRENCY, maxConcurrency))
            .callTimeout(callTimeout)
            .callTimeoutSetting(callTimeoutSetting)
            .retryPolicy(RetryPolicy.defaults().withMaxAttempts(maxRetries + 1))
            // A sampling call can wait on a person approving it in the host, so a timeout derived
            // from earlier quick answers would cut it off and pay for the call again: the server
            // keeps the fixed per-call ceiling until adaptive timeouts can be chosen per judge.
            .adaptiveTimeout(null)
            .prices(prices)
            .build();
    ToolServices services = new ToolServices(engine, store, judges, running, clock, sessionTtl);
    this.tools = new ToolCatalog(services);
    this.resources = new ResourceCatalog(services);
  }

  /**
   * Creates the server from options.
   *
   * @param options the options
   * @param store where sessions live
   * @param cache the judgment cache, e.g. {@link EvaluationCache#persistent} on {@link
   *     ServerOptions#cacheDir()}
   * @param backends creates provider backends
   * @return the server
   */
  public static DecisionServer create(ServerOptions options, DecisionStore store, EvaluationCache cache, BackendFactory backends) {
    return new DecisionServer(
        store,
        cache,
        backends,
        options.backend(),
        options.model(),
        options.maxConcurrency(),
        options.samplingConcurrency(),
        options.sessionTtl(),
        InstantSource.system(),
        options.prices(),
        options.callTimeout(),
        options.callTimeoutSource(),
        options.maxRetries());
  }

  /**
   * Serves one stdio-style transport (one client).
   *
   * @param transport the transport
   * @return the SDK server; close it to stop
   */
  public McpSyncServer serve(McpServerTransportProvider transport) {
    return configure(McpServer.sync(transport));
  }

  /**
   * Serves a Streamable HTTP transport (many clients).
   *
   * @param transport the transport
   * @return the SDK server; close it to stop
   */
  public McpSyncServer serve(McpStreamableServerTransportProvider transport) {
    return configure(McpServer.sync(transport));
  }

  /**
   * Serves the SDK's stateless Streamable HTTP transport: every request stands alone, so any
   * instance behind a round-robin load balancer can answer it. There is no MCP sampling (the judge
   * is the configured provider), no progress or log notifications, and no cancellation.
   *
   * @param transport the stateless transport
   * @return the SDK server; close it to stop
   */
  public McpStatelessSyncServer serveStateless(McpStatelessServerTransport transport) {
    return McpServer.sync(transport)
        .serverInfo(McpSchema.Implementation.builder("decision-matrix", Version.get()).title("Decision Matrix").build())
        .instructions(INSTRUCTIONS)
        .jsonMapper(jsonMapper)
        .jsonSchemaValidator(new DefaultJsonSchemaValidator(objectMapper))
        .requestTimeout(REQUEST_TIMEOUT)
        .validateToolInputs(SDK_VALIDATES_TOOL_INPUTS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).build())
        .tools(StatelessFeatures.tools(tools))
        .resources(StatelessFeatures.resources(resources))
        .resourceTemplates(StatelessFeatures.templates(resources))
        .prompts(StatelessFeatures.prompts(prompts))
        .build();
  }

  /**
   * The SDK's own check of tool arguments stays off, on purpose. It checks against the advertised
   * schema, which leaves out the aliases the Python server's names need ({@code option_name} for
   * {@code name}, {@code rubric} for {@code custom_prompt}), so calls written for that server would
   * be refused; and its messages name JSON pointers and schema keywords, not the fix. The tools
   * check their arguments from the same schema instead ({@code Arguments} takes the names and
   * aliases from each tool's input schema; each value is checked where it is read, against the
   * model's own limits, which the schemas are built from), and every mistake becomes a tool error
   * that names the argument and how to correct it.
   */
  private static final boolean SDK_VALIDATES_TOOL_INPUTS = false;

  private McpSyncServer configure(McpServer.SyncSpecification<?> spec) {
    // No immediateExecution: handlers must not run on the transport's thread, or a sampling
    // request sent from a handler could never see its answer over stdio.
    return spec.serverInfo(McpSchema.Implementation.builder("decision-matrix", Version.get()).title("Decision Matrix").build())
        .instructions(INSTRUCTIONS)
        .jsonMapper(jsonMapper)
        .jsonSchemaValidator(new DefaultJsonSchemaValidator(objectMapper))
        .requestTimeout(REQUEST_TIMEOUT)
        .validateToolInputs(SDK_VALIDATES_TOOL_INPUTS)
        .capabilities(
            McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).prompts(false).logging().completions().build())
        .tools(tools.specifications(McpToolContext::new))
        .resources(resources.resources())
        .resourceTemplates(resources.templates())
        .completions(resources.completions())
        .prompts(prompts.prompts())
        .build();
  }

  /** Returns a message guard for this server's evaluations. */
  public MessageGuard messageGuard() {
    return new MessageGuard(jsonMapper, running);
  }

  /** Returns the SDK mapper the server uses. */
  public McpJsonMapper jsonMapper() {
    return jsonMapper;
  }

  /** Returns the tools (for in-process callers and tests). */
  public ToolCatalog tools() {
    return tools;
  }

  /** Returns the resources. */
  public ResourceCatalog resources() {
    return resources;
  }

  /** Returns the evaluations in progress. */
  public RunningEvaluations running() {
    return running;
  }

  /** Returns the engine. */
  public DecisionEngine engine() {
    return engine;
  }

  /** Returns the session store. */
  public DecisionStore store() {
    return store;
  }

  /** Cancels running evaluations and releases the engine, the backends, the cache and the store. */
  @Override
  public void close() {
    running.cancelAll();
    engine.close();
    judges.close();
    if (cache instanceof AutoCloseable closeable) {
      try {
        closeable.close(); // a persistent cache writes what is pending and releases its file
      } catch (Exception e) {
        LOG.log(Level.WARNING, "Could not close the judgment cache " + cache + ": " + e, e);
      }
    }
    store.close();
  }
}
