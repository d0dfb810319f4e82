package dev.decisionmatrix.mcp;

import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.mcp.judge.BackendFactory;
import dev.decisionmatrix.mcp.judge.SamplingClient;
import dev.decisionmatrix.mcp.tools.ToolContext;
import dev.decisionmatrix.mcp.tools.ToolResult;
import dev.decisionmatrix.store.DecisionStore;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Test doubles and helpers for driving the server in-process. */
public final class Fixtures {

  private static final Pattern OPTION = Pattern.compile("<data name=\"option_name\">\\n(.*?)\\n</data>", Pattern.DOTALL);
  private static final Pattern CRITERION = Pattern.compile("<data name=\"criterion_name\">\\n(.*?)\\n</data>", Pattern.DOTALL);

  private Fixtures() {}

  /** Returns the option named in a judge prompt. */
  public static String optionOf(String prompt) {
    Matcher m = OPTION.matcher(prompt);
    return m.find() ? m.group(1) : "?";
  }

  /** Returns the criterion named in a judge prompt. */
  public static String criterionOf(String prompt) {
    Matcher m = CRITERION.matcher(prompt);
    return m.find() ? m.group(1) : "?";
  }

  /** A deterministic score for a cell: 1..10 from the names' hash. */
  public static double scoreOf(String option, String criterion) {
    return 1 + Math.floorMod((option + "|" + criterion).hashCode(), 10);
  }

  /** The judgment JSON the fake judges answer with. */
  public static String answerFor(String prompt) {
    String option = optionOf(prompt);
    String criterion = criterionOf(prompt);
    return "{\"score\": " + scoreOf(option, criterion) + ", \"reasoning\": \"" + option + " on " + criterion + "\", \"confidence\": 0.8}";
  }

  /** A provider backend double that answers every cell and counts its calls. */
  public static final class CountingBackend implements LlmBackend {
    private final String id;
    public final AtomicInteger calls = new AtomicInteger();
    public final List<String> models = Collections.synchronizedList(new ArrayList<>());

    public CountingBackend(String id) {
      this.id = id;
    }

    @Override
    public ChatResponse chat(dev.decisionmatrix.llm.ChatRequest request) {
      calls.incrementAndGet();
      models.add(String.valueOf(request.model()));
      return new ChatResponse(answerFor(request.messages().getFirst().content()), new TokenUsage(100, 20), request.model());
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public @Nullable String defaultModel() {
      return id + "-default-model";
    }
  }

  /** A backend factory over fixed backends. */
  public static class FakeBackends implements BackendFactory {
    private final Map<String, LlmBackend> backends;
    private final @Nullable String environmentDefault;

    public FakeBackends(Map<String, LlmBackend> backends, @Nullable String environmentDefault) {
      this.backends = new LinkedHashMap<>(backends);
      this.environmentDefault = environmentDefault;
    }

    public static FakeBackends none() {
      return new FakeBackends(Map.of(), null);
    }

    @Override
    public Set<String> configured() {
      return backends.keySet();
    }

    @Override
    public Optional<String> environmentDefault() {
      return Optional.ofNullable(environmentDefault);
    }

    @Override
    public LlmBackend create(String name) {
      LlmBackend b = backends.get(name);
      if (b == null) {
        throw new IllegalStateException("not configured: " + name);
      }
      return b;
    }

    @Override
    public String howToConfigure(String name) {
      return "Set " + name.toUpperCase(java.util.Locale.ROOT) + "_API_KEY.";
    }
  }

  /** An MCP client's sampling double: answers judge prompts and records the requests. */
  public static final class FakeSampling implements SamplingClient {
    public final List<McpSchema.CreateMessageRequest> requests = Collections.synchronizedList(new ArrayList<>());

    @Override
    public McpSchema.CreateMessageResult createMessage(McpSchema.CreateMessageRequest request) {
      requests.add(request);
      McpSchema.Content first = request.messages().getFirst().content();
      String prompt = first instanceof McpSchema.TextContent t ? t.text() : "";
      return McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, McpSchema.TextContent.builder(answerFor(prompt)).build(), "host-model")
          .build();
    }
  }

  /** A tool context that records progress and log notifications. */
  public static final class RecordingContext implements ToolContext {
    private final @Nullable SamplingClient sampling;
    private final boolean progressToken;
    private final @Nullable String requestKey;
    public final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    public final List<double[]> progressValues = Collections.synchronizedList(new ArrayList<>());
    public final List<String> logs = Collections.synchronizedList(new ArrayList<>());
    /** Runs after each recorded progress notification, for tests that wait for cells to land. */
    public volatile Runnable onProgress = () -> {};

    public RecordingContext(@Nullable SamplingClient sampling, boolean progressToken, @Nullable String requestKey) {
      this.sampling = sampling;
      this.progressToken = progressToken;
      this.requestKey = requestKey;
    }

    /** A client without sampling and without progress token. */
    public static RecordingContext plain() {
      return new RecordingContext(null, false, null);
    }

    /** A client with sampling. */
    public static RecordingContext sampling(SamplingClient client) {
      return new RecordingContext(client, false, null);
    }

    @Override
    public @Nullable SamplingClient sampling() {
      return sampling;
    }

    @Override
    public boolean wantsProgress() {
      return progressToken;
    }

    @Override
    public void progress(double done, double total, String message) {
      if (progressToken) {
        progress.add(message);
        progressValues.add(new double[] {done, total});
        onProgress.run();
      }
    }

    @Override
    public void log(McpSchema.LoggingLevel level, String message) {
      logs.add(level + ": " + message);
    }

    @Override
    public @Nullable String requestKey() {
      return requestKey;
    }
  }

  /** A server in-process, with an in-memory store unless one is given. */
  public static final class TestServer implements AutoCloseable {
    public final DecisionServer server;

    public TestServer(BackendFactory backends, @Nullable String serverDefault) {
      this(DecisionStore.inMemory(), backends, serverDefault);
    }

    public TestServer(DecisionStore store, BackendFactory backends, @Nullable String serverDefault) {
      this.server = new DecisionServer(store, backends, serverDefault, null, 8, 4, Duration.ofDays(30), InstantSource.system());
    }

    public TestServer(DecisionStore store, EvaluationCache cache, BackendFactory backends, @Nullable String serverDefault) {
      this.server = new DecisionServer(store, cache, backends, serverDefault, null, 8, 4, Duration.ofDays(30), InstantSource.system());
    }

    public ToolResult call(String tool, Map<String, Object> args, ToolContext ctx) {
      return server.tools().call(tool, args, ctx);
    }

    public ToolResult call(String tool, Map<String, Object> args) {
      return call(tool, args, RecordingContext.plain());
    }

    /** Starts a session with two options and two criteria and returns its id. */
    public String startSession(ToolContext ctx) {
      ToolResult r =
          call(
              "start_decision_analysis",
              Map.of(
                  "topic", "Which database for the billing service?",
                  "options", List.of("PostgreSQL", Map.of("name", "MySQL", "description", "the classic")),
                  "initial_criteria",
                      List.of(
                          Map.of("name", "Reliability", "weight", 3),
                          Map.of("name", "Cost", "direction", "cost", "description", "licence and hosting"))),
              ctx);
      if (r.error()) {
        throw new AssertionError(r.text());
      }
      return (String) r.structured().get("session_id");
    }

    @Override
    public void close() {
      server.close();
    }
  }
}
