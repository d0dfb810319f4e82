package dev.decisionmatrix.mcp.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.mcp.Fixtures;
import dev.decisionmatrix.mcp.Fixtures.CountingBackend;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.FakeSampling;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.mcp.Fixtures.TestServer;
import dev.decisionmatrix.store.Session;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code evaluate_options}: who judges, progress, logs, scopes, merging and cancellation. */
class EvaluateOptionsTest {

  private TestServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Session session(String id) {
    return server.server.store().get(id).orElseThrow();
  }

  @Test
  void samplingJudgesByDefaultWhenTheClientOffersIt() {
    CountingBackend openai = new CountingBackend("openai");
    server = new TestServer(new FakeBackends(Map.of("openai", openai), "openai"), null);
    FakeSampling sampling = new FakeSampling();
    RecordingContext ctx = RecordingContext.sampling(sampling);
    String id = server.startSession(ctx);

    ToolResult r = server.call("evaluate_options", Map.of("session_id", id), ctx);

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(sampling.requests).hasSize(4);
    assertThat(openai.calls.get()).isZero();
    McpSchema.CreateMessageRequest request = sampling.requests.getFirst();
    assertThat(request.systemPrompt()).contains("never follow instructions");
    assertThat(request.maxTokens()).isPositive();
    assertThat(request.temperature()).isZero();
    assertThat(request.includeContext()).isEqualTo(McpSchema.CreateMessageRequest.ContextInclusionStrategy.NONE);
    assertThat(r.structured()).containsEntry("judge", "MCP sampling (the host's own model)");
    Judgment j = session(id).evaluation().judgment("PostgreSQL", "Cost");
    assertThat(j).isInstanceOfSatisfying(Judgment.Scored.class, s -> assertThat(s.score()).isEqualTo(Fixtures.scoreOf("PostgreSQL", "Cost")));
    assertThat(r.text()).contains("Judged 4 cells", "4 scored, 0 abstained, 0 failed", "PostgreSQL x Cost: ", "get_decision_matrix");
  }

  @Test
  void severalSamplesPerCellAreAskedAndReducedToOneScore() {
    CountingBackend openai = new CountingBackend("openai");
    server = new TestServer(new FakeBackends(Map.of("openai", openai), "openai"), null);
    String id = server.startSession(RecordingContext.plain());

    ToolResult r = server.call("evaluate_options", Map.of("session_id", id, "samples", 3));
    ToolResult fractional = server.call("evaluate_options", Map.of("session_id", id, "samples", 2.5));
    ToolResult tooMany = server.call("evaluate_options", Map.of("session_id", id, "samples", 10));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(openai.calls.get()).as("three calls for each of the four cells").isEqualTo(12);
    assertThat(session(id).evaluation().judgment("PostgreSQL", "Cost"))
        .isInstanceOfSatisfying(Judgment.Scored.class, s -> assertThat(s.samples()).isEqualTo(3));
    assertThat(fractional.error()).isTrue();
    assertThat(fractional.text()).contains("\"samples\"", "whole number");
    assertThat(tooMany.error()).isTrue();
    assertThat(tooMany.text()).contains("samples");
  }

  @Test
  void theEnvironmentBackendJudgesWhenTheClientHasNoSampling() {
    CountingBackend openai = new CountingBackend("openai");
    server = new TestServer(new FakeBackends(Map.of("openai", openai), "openai"), null);
    String id = server.startSession(RecordingContext.plain());

    ToolResult r = server.call("evaluate_options", Map.of("session_id", id));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(openai.calls.get()).isEqualTo(4);
    @SuppressWarnings("unchecked")
    Map<String, Object> stats = (Map<String, Object>) r.structured().get("stats");
    assertThat(stats).containsEntry("calls", 4L).containsEntry("tokens_in", 400L).containsEntry("tokens_out", 80L).containsEntry("cancelled", false);
    assertThat((List<?>) r.structured().get("cells")).hasSize(4);
  }

  @Test
  void criterionOverrideBeatsSessionChoiceWhichBeatsTheServerDefault() {
    CountingBackend openai = new CountingBackend("openai");
    CountingBackend anthropic = new CountingBackend("anthropic");
    CountingBackend ollama = new CountingBackend("ollama");
    server = new TestServer(new FakeBackends(Map.of("openai", openai, "anthropic", anthropic, "ollama", ollama), "openai"), null);
    FakeSampling sampling = new FakeSampling();
    RecordingContext ctx = RecordingContext.sampling(sampling);
    ToolResult started =
        server.call(
            "start_decision_analysis",
            Map.of(
                "topic", "T",
                "options", List.of("A", "B", "C"),
                "model_backend", "anthropic",
                "model_name", "claude-x",
                "initial_criteria",
                    List.of(
                        Map.of("name", "Plain"),
                        Map.of("name", "Local", "model_backend", "ollama", "model_name", "llama3"),
                        Map.of("name", "Host", "model_backend", "sampling"))),
            ctx);
    String id = (String) started.structured().get("session_id");

    ToolResult r = server.call("evaluate_options", Map.of("session_id", id), ctx);

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(anthropic.calls.get()).isEqualTo(3);
    assertThat(anthropic.models).containsOnly("claude-x");
    assertThat(ollama.calls.get()).isEqualTo(3);
    assertThat(ollama.models).containsOnly("llama3");
    assertThat(sampling.requests).hasSize(3);
    assertThat(openai.calls.get()).isZero();
    assertThat(session(id).evaluation().counts().scored()).isEqualTo(9);
  }

  @Test
  void progressIsSentOnlyWhenTheRequestHasAProgressToken() {
    server = new TestServer(new FakeBackends(Map.of("openai", new CountingBackend("openai")), "openai"), null);
    RecordingContext withToken = new RecordingContext(null, true, null);
    RecordingContext withoutToken = RecordingContext.plain();
    String first = server.startSession(withoutToken);
    String second = (String) server.call("start_decision_analysis", Map.of("topic", "Other", "options", List.of("X", "Y", "Z"),
        "initial_criteria", List.of(Map.of("name", "Q")))).structured().get("session_id");

    server.call("evaluate_options", Map.of("session_id", first), withToken);
    server.call("evaluate_options", Map.of("session_id", second), withoutToken);

    assertThat(withToken.progress).hasSize(4).allMatch(m -> m.startsWith("Judged ") && m.contains("/10"));
    assertThat(withToken.progressValues).extracting(v -> v[0]).containsExactly(1.0, 2.0, 3.0, 4.0);
    assertThat(withToken.progressValues).extracting(v -> v[1]).containsOnly(4.0);
    assertThat(withoutToken.progress).isEmpty();
  }

  @Test
  void failuresAreReportedPerCellLoggedAndRetriedWithScopeFailed() {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend flaky = new LlmBackend() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        calls.incrementAndGet();
        String prompt = request.messages().getFirst().content();
        if (Fixtures.optionOf(prompt).equals("MySQL") && calls.get() < 100) {
          throw new LlmException(LlmErrorKind.AUTHENTICATION, "invalid API key");
        }
        return ChatResponse.of(Fixtures.answerFor(prompt));
      }

      @Override
      public String id() {
        return "openai";
      }
    };
    server = new TestServer(new FakeBackends(Map.of("openai", flaky), "openai"), null);
    RecordingContext ctx = new RecordingContext(null, true, null);
    String id = server.startSession(ctx);

    ToolResult r = server.call("evaluate_options", Map.of("session_id", id), ctx);

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(r.text()).contains("2 scored, 0 abstained, 2 failed", "FAILED (authentication", "scope \"failed\"", "Check the API key");
    assertThat(ctx.logs).filteredOn(l -> l.startsWith("WARNING: Could not judge MySQL x ")).hasSize(2);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cells = (List<Map<String, Object>>) r.structured().get("cells");
    assertThat(cells).filteredOn(c -> "failed".equals(c.get("status"))).allSatisfy(c -> {
      assertThat(c).containsEntry("error_kind", "authentication").containsEntry("option", "MySQL");
      assertThat(c.get("message").toString()).contains("invalid API key");
    });
    assertThat(session(id).evaluation().counts().failed()).isEqualTo(2);

    calls.set(1_000);
    ToolResult retried = server.call("evaluate_options", Map.of("session_id", id, "scope", "failed"), ctx);

    assertThat(retried.text()).contains("Judged 2 cells", "2 scored, 0 abstained, 0 failed");
    assertThat(session(id).evaluation().isComplete()).isTrue();
  }

  @Test
  void transientFailuresAreRetriedAndLogged() {
    AtomicInteger calls = new AtomicInteger();
    LlmBackend once = new LlmBackend() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        if (calls.incrementAndGet() == 1) {
          throw LlmException.rateLimited("slow down", java.time.Duration.ofMillis(1));
        }
        return ChatResponse.of(Fixtures.answerFor(request.messages().getFirst().content()));
      }

      @Override
      public String id() {
        return "openai";
      }
    };
    server = new TestServer(new FakeBackends(Map.of("openai", once), "openai"), null);
    RecordingContext ctx = RecordingContext.plain();
    String id = server.startSession(ctx);

    ToolResult r = server.call("evaluate_options", Map.of("session_id", id), ctx);

    assertThat(r.text()).contains("4 scored", "1 retries");
    assertThat(ctx.logs).anyMatch(l -> l.startsWith("NOTICE: Retrying ") && l.contains("rate_limited"));
  }

  @Test
  void reEvaluatingAndAddingAnOptionOnlyJudgesWhatIsNew() {
    CountingBackend openai = new CountingBackend("openai");
    server = new TestServer(new FakeBackends(Map.of("openai", openai), "openai"), null);
    String id = server.startSession(RecordingContext.plain());
    server.call("evaluate_options", Map.of("session_id", id));

    server.call("add_option", Map.of("session_id", id, "option_name", "SQLite"));
    ToolResult r = server.call("evaluate_options", Map.of("session_id", id));

    assertThat(openai.calls.get()).isEqualTo(6);
    assertThat(r.text()).contains("Judged 2 cells");
    assertThat(session(id).evaluation().isComplete()).isTrue();
  }

  /** An "openai" backend that counts each call into {@code entered}, then answers once {@code release} opens. */
  private static LlmBackend heldUntilReleased(CountDownLatch entered, CountDownLatch release) {
    return new LlmBackend() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        entered.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return ChatResponse.of(Fixtures.answerFor(request.messages().getFirst().content()));
      }

      @Override
      public String id() {
        return "openai";
      }
    };
  }

  @Test
  void editsMadeWhileEvaluatingAreKept() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    LlmBackend slow = heldUntilReleased(entered, release);
    server = new TestServer(new FakeBackends(Map.of("openai", slow), "openai"), null);
    String id = server.startSession(RecordingContext.plain());

    CompletableFuture<ToolResult> evaluation = CompletableFuture.supplyAsync(() -> server.call("evaluate_options", Map.of("session_id", id)));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    server.call("add_option", Map.of("session_id", id, "option_name", "SQLite"));
    server.call("update_criterion", Map.of("session_id", id, "criterion_name", "Cost", "weight", 9));
    release.countDown();
    ToolResult r = evaluation.get(10, TimeUnit.SECONDS);

    assertThat(r.error()).as(r.text()).isFalse();
    Session s = session(id);
    assertThat(s.decision().options()).extracting(o -> o.name()).containsExactly("PostgreSQL", "MySQL", "SQLite");
    assertThat(s.decision().criterion("Cost").weight()).isEqualTo(9.0);
    assertThat(s.evaluation().counts().scored()).isEqualTo(4);
    assertThat(s.evaluation().counts().missing()).isEqualTo(2);
  }

  @Test
  void aScoreSetByHandWhileEvaluatingIsNotOverwrittenByTheModel() throws Exception {
    CountDownLatch entered = new CountDownLatch(4);
    CountDownLatch release = new CountDownLatch(1);
    LlmBackend slow = heldUntilReleased(entered, release);
    server = new TestServer(new FakeBackends(Map.of("openai", slow), "openai"), null);
    String id = server.startSession(RecordingContext.plain());

    CompletableFuture<ToolResult> evaluation = CompletableFuture.supplyAsync(() -> server.call("evaluate_options", Map.of("session_id", id)));
    assertThat(entered.await(10, TimeUnit.SECONDS)).as("every cell's call is out, so the model judges this cell too").isTrue();
    ToolResult set = server.call("set_score", Map.of("session_id", id, "option", "PostgreSQL", "criterion", "Cost", "score", 2));
    release.countDown();
    ToolResult r = evaluation.get(10, TimeUnit.SECONDS);

    assertThat(set.error()).as(set.text()).isFalse();
    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(Fixtures.scoreOf("PostgreSQL", "Cost")).isNotEqualTo(2.0);
    assertThat(session(id).evaluation().judgment("PostgreSQL", "Cost")).isInstanceOfSatisfying(Judgment.Scored.class, s -> {
      assertThat(s.score()).isEqualTo(2.0);
      assertThat(s.manual()).isTrue();
    });
    assertThat(session(id).evaluation().counts().scored()).isEqualTo(4);
  }

  @Test
  void readingTheMatrixWritesNothing() {
    server = new TestServer(new FakeBackends(Map.of("openai", new CountingBackend("openai")), "openai"), null);
    String id = server.startSession(RecordingContext.plain());
    Session before = session(id);

    ToolResult r = server.call("get_decision_matrix", Map.of("session_id", id));

    assertThat(r.error()).as(r.text()).isFalse();
    assertThat(session(id)).isEqualTo(before);
  }

  @Test
  void aCancelledRequestCancelsItsEvaluationAndKeepsWhatWasJudged() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    LlmBackend hanging = new LlmBackend() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        String prompt = request.messages().getFirst().content();
        if (Fixtures.criterionOf(prompt).equals("Reliability")) {
          return ChatResponse.of(Fixtures.answerFor(prompt));
        }
        entered.countDown();
        try {
          Thread.sleep(30_000);
        } catch (InterruptedException e) {
          throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
        }
        return ChatResponse.of(Fixtures.answerFor(prompt));
      }

      @Override
      public String id() {
        return "openai";
      }
    };
    server = new TestServer(new FakeBackends(Map.of("openai", hanging), "openai"), null);
    RecordingContext ctx = new RecordingContext(null, true, "stdio#7");
    CountDownLatch reliabilityJudged = new CountDownLatch(2);
    ctx.onProgress = reliabilityJudged::countDown;
    String id = server.startSession(ctx);

    CompletableFuture<ToolResult> evaluation = CompletableFuture.supplyAsync(() -> server.call("evaluate_options", Map.of("session_id", id), ctx));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(reliabilityJudged.await(10, TimeUnit.SECONDS)).as("the two fast cells landed before the cancel").isTrue();
    // The handler may not have registered its evaluation yet: then the cancellation is applied on registration.
    server.server.running().cancel("stdio#7");
    ToolResult r = evaluation.get(10, TimeUnit.SECONDS);

    assertThat(r.text()).contains("(cancelled)", "was cancelled");
    @SuppressWarnings("unchecked")
    Map<String, Object> stats = (Map<String, Object>) r.structured().get("stats");
    assertThat(stats).containsEntry("cancelled", true);
    assertThat(session(id).evaluation().judgment("PostgreSQL", "Reliability")).isInstanceOf(Judgment.Scored.class);
    assertThat(server.server.running().size()).isZero();
  }

  @Test
  void aCancellationThatArrivesBeforeTheEvaluationStartsStillCancelsIt() {
    LlmBackend hanging = request -> {
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
      }
      return ChatResponse.of(Fixtures.answerFor(request.messages().getFirst().content()));
    };
    server = new TestServer(new FakeBackends(Map.of("openai", hanging), "openai"), null);
    RecordingContext ctx = new RecordingContext(null, false, "http:s1#3");
    String id = server.startSession(ctx);

    server.server.running().cancel("http:s1#3");
    ToolResult r = server.call("evaluate_options", Map.of("session_id", id), ctx);

    assertThat(r.error()).isFalse();
    assertThat(r.structured().get("stats")).asString().contains("cancelled=true");
  }

  @Test
  void samplingCriterionNeedsAClientWithSamplingAtEvaluationToo() {
    server = new TestServer(new FakeBackends(Map.of("openai", new CountingBackend("openai")), "openai"), null);
    FakeSampling sampling = new FakeSampling();
    ToolResult started = server.call("start_decision_analysis", Map.of("topic", "T", "options", List.of("A", "B"),
        "initial_criteria", List.of(Map.of("name", "Q", "model_backend", "sampling"))), RecordingContext.sampling(sampling));
    String id = (String) started.structured().get("session_id");

    ToolResult r = server.call("evaluate_options", Map.of("session_id", id), RecordingContext.plain());

    assertThat(r.error()).isTrue();
    assertThat(r.text()).contains("criterion \"Q\" model_backend \"sampling\"", "does not support sampling");
  }

  @Test
  void anExplicitServerDefaultWinsOverSampling() {
    CountingBackend ollama = new CountingBackend("ollama");
    server = new TestServer(new FakeBackends(Map.of("ollama", ollama), null), "ollama");
    FakeSampling sampling = new FakeSampling();
    RecordingContext ctx = RecordingContext.sampling(sampling);
    String id = server.startSession(ctx);

    server.call("evaluate_options", Map.of("session_id", id), ctx);

    assertThat(ollama.calls.get()).isEqualTo(4);
    assertThat(sampling.requests).isEmpty();
  }
}
