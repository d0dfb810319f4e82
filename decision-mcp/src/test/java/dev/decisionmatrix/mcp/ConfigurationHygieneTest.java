package dev.decisionmatrix.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.cache.EvaluationCache;
import dev.decisionmatrix.cost.PriceTable;
import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.mcp.Fixtures.FakeBackends;
import dev.decisionmatrix.mcp.Fixtures.RecordingContext;
import dev.decisionmatrix.mcp.http.HttpTransport;
import dev.decisionmatrix.mcp.tools.ToolResult;
import dev.decisionmatrix.store.DecisionStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Configuration mistakes are named, and the per-call timeout and retry budget are settable and used. */
class ConfigurationHygieneTest {

  private static final String LONG_TOKEN = "0123456789abcdef0123456789abcdef";

  @Test
  void aBlankHttpTokenIsAnErrorNotNoAuthentication() {
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--http"}, Map.of(ServerOptions.ENV_HTTP_TOKEN, "   ")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("DECISION_MATRIX_HTTP_TOKEN is set but blank")
        .hasMessageContaining("at least 32 characters");
  }

  @Test
  void aShortTokenIsRefusedOffLoopback() {
    try (Fixtures.TestServer server = new Fixtures.TestServer(FakeBackends.none(), null)) {
      assertThatThrownBy(() -> HttpTransport.start(server.server,
              new HttpTransport.Settings("0.0.0.0", 0, List.of(), List.of(), "short-secret", 65_536)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("short bearer token")
          .hasMessageContaining("has 12 characters")
          .hasMessageNotContaining("short-secret");
    }
  }

  @Test
  void aShortTokenOnLoopbackServesWithOneWarning() throws Exception {
    List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    Logger logger = Logger.getLogger(HttpTransport.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
          warnings.add(record.getMessage());
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(capture);
    try (Fixtures.TestServer server = new Fixtures.TestServer(FakeBackends.none(), null)) {
      HttpTransport http = HttpTransport.start(server.server, new HttpTransport.Settings("127.0.0.1", 0, List.of(), List.of(), "short-secret", 65_536));
      http.close();
    } finally {
      logger.removeHandler(capture);
    }
    assertThat(warnings).singleElement().asString().contains("short bearer token", "at least 32").doesNotContain("short-secret");
  }

  @Test
  void aLongTokenOffLoopbackIsAccepted() throws Exception {
    try (Fixtures.TestServer server = new Fixtures.TestServer(FakeBackends.none(), null)) {
      HttpTransport http = HttpTransport.start(server.server, new HttpTransport.Settings("0.0.0.0", 0, List.of(), List.of(), LONG_TOKEN, 65_536));
      assertThat(http.port()).isPositive();
      http.close();
    }
  }

  @Test
  void callTimeoutAndMaxRetriesComeFromFlagsOverVariables() {
    ServerOptions defaults = ServerOptions.parse(new String[0], Map.of());
    ServerOptions fromEnv = ServerOptions.parse(new String[0], Map.of(ServerOptions.ENV_CALL_TIMEOUT, "90s", ServerOptions.ENV_MAX_RETRIES, "0"));
    ServerOptions fromFlags = ServerOptions.parse(new String[] {"--call-timeout", "2m", "--max-retries=5"},
        Map.of(ServerOptions.ENV_CALL_TIMEOUT, "90s", ServerOptions.ENV_MAX_RETRIES, "0"));

    assertThat(defaults.callTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.maxRetries()).isEqualTo(3);
    assertThat(defaults.callTimeoutSource()).isEqualTo("--call-timeout (or DECISION_MATRIX_CALL_TIMEOUT)");
    assertThat(fromEnv.callTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(fromEnv.callTimeoutSource()).isEqualTo("DECISION_MATRIX_CALL_TIMEOUT");
    assertThat(fromEnv.maxRetries()).isZero();
    assertThat(fromFlags.callTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(fromFlags.callTimeoutSource()).isEqualTo("--call-timeout");
    assertThat(fromFlags.maxRetries()).isEqualTo(5);
  }

  @Test
  void badCallTimeoutsAndRetryCountsNameTheirSetting() {
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--call-timeout", "0s"}, Map.of()))
        .hasMessageContaining("--call-timeout must be a positive duration");
    assertThatThrownBy(() -> ServerOptions.parse(new String[] {"--call-timeout", "2h"}, Map.of()))
        .hasMessageContaining("--call-timeout must be between 1s and 1h");
    assertThatThrownBy(() -> ServerOptions.parse(new String[0], Map.of(ServerOptions.ENV_MAX_RETRIES, "50")))
        .hasMessageContaining("DECISION_MATRIX_MAX_RETRIES must be between 0 and 19 but was 50");
  }

  /** A backend whose every call fails as the given kind, counting the calls. */
  private static final class FailingBackend implements LlmBackend {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public ChatResponse chat(ChatRequest request) {
      calls.incrementAndGet();
      throw new LlmException(LlmErrorKind.TRANSIENT, "the provider answered HTTP 502");
    }

    @Override
    public String id() {
      return "openai";
    }

    @Override
    public @Nullable String defaultModel() {
      return "m";
    }
  }

  /** A backend that never answers until interrupted (the timeout interrupts it). */
  private static final class SilentBackend implements LlmBackend {
    @Override
    public ChatResponse chat(ChatRequest request) {
      try {
        new java.util.concurrent.CountDownLatch(1).await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
    }

    @Override
    public String id() {
      return "openai";
    }

    @Override
    public @Nullable String defaultModel() {
      return "m";
    }
  }

  private static DecisionServer server(LlmBackend backend, Duration callTimeout, String setting, int maxRetries) {
    return new DecisionServer(DecisionStore.inMemory(), EvaluationCache.inMemory(), new FakeBackends(Map.of("openai", backend), "openai"),
        "openai", null, 4, 4, Duration.ofDays(1), InstantSource.system(), PriceTable.defaults(), callTimeout, setting, maxRetries);
  }

  private static ToolResult evaluateOneCell(DecisionServer server) {
    ToolResult started = server.tools().call("start_decision_analysis",
        Map.of("topic", "T", "options", List.of("A", "B"), "initial_criteria", List.of(Map.of("name", "C"))), RecordingContext.plain());
    assertThat(started.error()).as(started.text()).isFalse();
    String id = (String) started.structured().get("session_id");
    return server.tools().call("evaluate_options", Map.of("session_id", id), RecordingContext.plain());
  }

  @Test
  void theRetryBudgetIsTheEnginesRetryCount() {
    FailingBackend none = new FailingBackend();
    FailingBackend two = new FailingBackend();
    try (DecisionServer noRetries = server(none, Duration.ofSeconds(30), "--call-timeout", 0);
        DecisionServer twoRetries = server(two, Duration.ofSeconds(30), "--call-timeout", 2)) {
      evaluateOneCell(noRetries);
      evaluateOneCell(twoRetries);
    }

    assertThat(none.calls.get()).isEqualTo(2); // two cells, one call each
    assertThat(two.calls.get()).isEqualTo(6); // two cells, three calls each
  }

  @Test
  void aTimeoutErrorNamesTheSettingThatRaisesIt() {
    try (DecisionServer server = server(new SilentBackend(), Duration.ofSeconds(1), "--call-timeout (or DECISION_MATRIX_CALL_TIMEOUT)", 0)) {
      ToolResult result = evaluateOneCell(server);

      assertThat(result.text()).contains("raise --call-timeout (or DECISION_MATRIX_CALL_TIMEOUT)");
    }
  }
}
