package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationOptions;
import dev.decisionmatrix.engine.RunningEvaluation;
import dev.decisionmatrix.mcp.Fixtures;
import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import dev.decisionmatrix.mcp.judge.JudgePlan;
import dev.decisionmatrix.mcp.judge.Judges;
import dev.decisionmatrix.mcp.judge.SamplingBackend;
import dev.decisionmatrix.mcp.judge.SamplingClient;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.SessionSettings;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * MCP sampling is per client connection: its limit is the engine's per-backend limit (so waiting
 * on a slow host holds no engine slot), it counts all of one client's evaluations together, and two
 * clients never share cached answers or in-flight calls.
 */
class SamplingPerClientTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Host> hosts = new ArrayList<>();
  private TestServer server;

  @AfterEach
  void stop() {
    hosts.forEach(h -> h.release.countDown());
    threads.close();
    if (server != null) {
      server.close();
    }
  }

  /**
   * One MCP client connection: answers judge prompts as its model, counting the requests out at
   * once; holds every answer until released, unless created released.
   */
  private static final class Host implements SamplingClient {
    final String session;
    final String name;
    final String model;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch out;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    Host(String session, String name, String model, int awaitedRequests) {
      this.session = session;
      this.name = name;
      this.model = model;
      this.out = new CountDownLatch(awaitedRequests);
    }

    @Override
    public McpSchema.CreateMessageResult createMessage(McpSchema.CreateMessageRequest request) {
      requests.incrementAndGet();
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        out.countDown();
        if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the host");
        }
        String prompt = request.messages().getFirst().content() instanceof McpSchema.TextContent t ? t.text() : "";
        return McpSchema.CreateMessageResult.builder(McpSchema.Role.ASSISTANT, McpSchema.TextContent.builder(Fixtures.answerFor(prompt)).build(), model)
            .build();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    @Override
    public Object connection() {
      return session;
    }

    @Override
    public String clientName() {
      return name;
    }

    /** Returns the sampling of one more request of this connection, as the server's exchange would. */
    SamplingClient request() {
      Host host = this;
      return new SamplingClient() {
        @Override
        public McpSchema.CreateMessageResult createMessage(McpSchema.CreateMessageRequest request) {
          return host.createMessage(request);
        }

        @Override
        public Object connection() {
          return host.session;
        }

        @Override
        public String clientName() {
          return host.name;
        }
      };
    }
  }

  private Host host(String session, String name, String model, int awaitedRequests) {
    Host h = new Host(session, name, model, awaitedRequests);
    hosts.add(h);
    return h;
  }

  private Host answering(String session, String name, String model) {
    Host h = host(session, name, model, 0);
    h.release.countDown();
    return h;
  }

  private <T> Future<T> async(Callable<T> task) {
    return threads.submit(task);
  }

  private static RecordingContext requestOf(Host host) {
    return RecordingContext.sampling(host.request());
  }

  private String session(RecordingContext ctx, String topic, int options, int criteria) {
    List<String> names = new ArrayList<>();
    for (int o = 0; o < options; o++) {
      names.add("Option " + o);
    }
    List<Map<String, Object>> crits = new ArrayList<>();
    for (int c = 0; c < criteria; c++) {
      crits.add(Map.of("name", "Criterion " + c));
    }
    ToolResult r = server.call("start_decision_analysis", Map.of("topic", topic, "options", names, "initial_criteria", crits), ctx);
    assertThat(r.error()).as(r.text()).isFalse();
    return (String) r.structured().get("session_id");
  }

  private ToolResult evaluate(String session, RecordingContext ctx) {
    return server.call("evaluate_options", Map.of("session_id", session), ctx);
  }

  private int scored(String session) {
    return server.server.store().get(session).orElseThrow().evaluation().counts().scored();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stats(ToolResult r) {
    return (Map<String, Object>) r.structured().get("stats");
  }

  @Test
  void samplingThatWaitsOnASlowClientHoldsNoEngineSlotsSoAnotherBackendsEvaluationRuns() throws Exception {
    CountingBackend openai = new CountingBackend("openai");
    server = new TestServer(new FakeBackends(Map.of("openai", openai), "openai"), null); // 8 engine slots, 4 sampling requests per client
    Host slow = host("session-1", "claude-ai", "claude-sonnet", 4);
    String sampled = session(requestOf(slow), "Which queue?", 4, 3);
    String other = session(RecordingContext.plain(), "Which cache?", 4, 3);

    Future<ToolResult> sampling = async(() -> evaluate(sampled, requestOf(slow)));
    assertThat(slow.out.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the four requests the client allows are out").isTrue();
    // Twelve sampled cells against eight engine slots: had the waiting ones held slots, this
    // evaluation through another backend would find none free.
    ToolResult unrelated = async(() -> evaluate(other, RecordingContext.plain())).get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(unrelated.error()).as(unrelated.text()).isFalse();
    assertThat(scored(other)).isEqualTo(12);
    assertThat(openai.calls.get()).isEqualTo(12);
    assertThat(sampling.isDone()).isFalse();
    assertThat(slow.inFlight.get()).isEqualTo(4);
    slow.release.countDown();
    ToolResult sampledResult = sampling.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(sampledResult.error()).as(sampledResult.text()).isFalse();
    assertThat(scored(sampled)).isEqualTo(12);
    assertThat(slow.requests.get()).isEqualTo(12);
    assertThat(slow.maxInFlight.get()).isEqualTo(4);
  }

  @Test
  void theSamplingLimitCountsAllOfOneClientsEvaluationsTogether() throws Exception {
    Host slow = host("session-1", "claude-ai", "claude-sonnet", 4);
    Decision first = decision("Which queue?");
    Decision second = decision("Which cache?");
    try (Judges judges = new Judges(FakeBackends.none(), null, null, 4);
        DecisionEngine engine = judges.registerOn(DecisionEngine.builder(judges.engineDefault())).maxConcurrency(32).build();
        // Two tool calls of one connection, each attached for its evaluation, as evaluate_options does.
        SamplingBackend.Attachment a = judges.attach(slow.request());
        SamplingBackend.Attachment b = judges.attach(slow.request())) {
      assertThat(b.backend()).as("one backend per connection, not per evaluation").isSameAs(a.backend());
      RunningEvaluation one = engine.start(first, null, options(judges.plan(first, SessionSettings.DEFAULTS, a.backend())));
      RunningEvaluation two = engine.start(second, null, options(judges.plan(second, SessionSettings.DEFAULTS, b.backend())));

      assertThat(slow.out.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      // Both evaluations queued all their cells when start returned; only four calls started.
      assertThat(engine.callsInFlight()).isEqualTo(4);
      assertThat(engine.concurrencyLimit(a.backend().id())).isEqualTo(4);
      slow.release.countDown();
      Evaluation oneDone = one.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      Evaluation twoDone = two.result().get(WAIT.toSeconds(), TimeUnit.SECONDS);

      assertThat(oneDone.counts().scored()).isEqualTo(12);
      assertThat(twoDone.counts().scored()).isEqualTo(12);
      assertThat(slow.requests.get()).isEqualTo(24);
      assertThat(slow.maxInFlight.get()).as("never more than the per-client limit out in total").isEqualTo(4);
    }
  }

  private static Decision decision(String topic) {
    Decision.Builder b = Decision.builder(topic);
    for (int o = 0; o < 4; o++) {
      b.option("Option " + o);
    }
    for (int c = 0; c < 3; c++) {
      b.criterion("Criterion " + c);
    }
    return b.build();
  }

  private static EvaluationOptions options(JudgePlan plan) {
    EvaluationOptions.Builder options = EvaluationOptions.builder().backend(plan.backend()).model(plan.model()).temperature(plan.temperature());
    plan.callerBackends().forEach(options::backend);
    return options.build();
  }

  @Test
  void twoClientsNeverGetEachOthersCachedAnswersWhileEachReusesItsOwn() {
    server = new TestServer(FakeBackends.none(), null);
    Host claude = answering("session-x", "claude-ai", "claude-sonnet");
    Host code = answering("session-y", "Visual Studio Code", "gpt-4o");
    Host claudeAgain = answering("session-z", "claude-ai", "claude-sonnet");

    ToolResult first = evaluate(server.startSession(requestOf(claude)), requestOf(claude));
    ToolResult repeat = evaluate(server.startSession(requestOf(claude)), requestOf(claude));
    ToolResult otherClient = evaluate(server.startSession(requestOf(code)), requestOf(code));
    ToolResult otherConnection = evaluate(server.startSession(requestOf(claudeAgain)), requestOf(claudeAgain));

    assertThat(List.of(first, repeat, otherClient, otherConnection)).allSatisfy(r -> assertThat(r.error()).as(r.text()).isFalse());
    assertThat(claude.requests.get()).as("the client's second evaluation reuses its cached answers").isEqualTo(4);
    assertThat(stats(repeat)).containsEntry("cache_hits", 4L);
    assertThat(code.requests.get()).as("another client and model asks its own host").isEqualTo(4);
    assertThat(stats(otherClient)).containsEntry("cache_hits", 0L);
    assertThat(claudeAgain.requests.get()).as("even the same client name and model on another connection").isEqualTo(4);
    assertThat(stats(otherConnection)).containsEntry("cache_hits", 0L);
  }

  @Test
  void twoClientsAskingTheSameQuestionsAtOnceNeverShareAnInFlightCall() throws Exception {
    server = new TestServer(FakeBackends.none(), null);
    Host claude = host("session-x", "claude-ai", "claude-sonnet", 4);
    Host code = host("session-y", "Visual Studio Code", "gpt-4o", 4);
    String forClaude = server.startSession(requestOf(claude));
    String forCode = server.startSession(requestOf(code));

    Future<ToolResult> claudes = async(() -> evaluate(forClaude, requestOf(claude)));
    assertThat(claude.out.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Future<ToolResult> codes = async(() -> evaluate(forCode, requestOf(code)));
    // Had the second client joined the first one's identical calls, its host would get none.
    assertThat(code.out.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the second host is asked while the first one's calls are out").isTrue();
    claude.release.countDown();
    code.release.countDown();

    for (ToolResult r : List.of(claudes.get(WAIT.toSeconds(), TimeUnit.SECONDS), codes.get(WAIT.toSeconds(), TimeUnit.SECONDS))) {
      assertThat(r.error()).as(r.text()).isFalse();
      assertThat(stats(r)).containsEntry("shared_calls", 0L).containsEntry("cache_hits", 0L);
    }
    assertThat(claude.requests.get()).isEqualTo(4);
    assertThat(code.requests.get()).isEqualTo(4);
    assertThat(scored(forClaude)).isEqualTo(4);
    assertThat(scored(forCode)).isEqualTo(4);
  }
}
