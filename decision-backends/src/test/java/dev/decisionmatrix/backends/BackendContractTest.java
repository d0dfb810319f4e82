package dev.decisionmatrix.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.decisionmatrix.judge.InvalidAnswerException;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.judge.JudgmentParser;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.ConnectionReport;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.testkit.Fault;
import dev.decisionmatrix.testkit.FaultScript;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.SimStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What every backend must do, checked against the simulator speaking its wire format. */
class BackendContractTest {

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeResources() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  private LlmSimulator simulator(Provider provider) {
    LlmSimulator.Builder b = LlmSimulator.builder();
    if (provider.requiredKey() != null) {
      b.requireApiKey(provider.requiredKey());
    }
    LlmSimulator sim = b.start();
    resources.add(sim);
    return sim;
  }

  private LlmBackend backend(Provider provider, LlmSimulator sim) {
    return backend(provider, sim, Duration.ofSeconds(20));
  }

  private LlmBackend backend(Provider provider, LlmSimulator sim, Duration requestTimeout) {
    LlmBackend backend = provider.backend(sim, requestTimeout);
    resources.add(() -> Provider.close(backend));
    return backend;
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void judgedCellRoundTripsWithTheSimulatorsScore(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);

    ChatResponse response = backend.chat(Provider.cellRequest("PostgreSQL", "Operational cost"));

    Judgment judgment = JudgmentParser.parse(response.text());
    assertThat(judgment).isInstanceOf(Judgment.Scored.class);
    assertThat(((Judgment.Scored) judgment).score()).isEqualTo(LlmSimulator.expectedScore("PostgreSQL", "Operational cost"));
    assertThat(response.model()).isEqualTo(provider.model);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void readsTheTokenUsageTheProviderReports(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);

    ChatResponse response = backend.chat(Provider.cellRequest("SQLite", "Scalability"));

    SimStats stats = sim.stats();
    assertThat(response.usage().inputTokens()).isPositive().isEqualTo(stats.inputTokens());
    assertThat(response.usage().outputTokens()).isPositive().isEqualTo(stats.outputTokens());
  }

  static Stream<Arguments> statusFaults() {
    int[][] table = {
      {400, LlmErrorKind.BAD_REQUEST.ordinal()},
      {401, LlmErrorKind.AUTHENTICATION.ordinal()},
      {403, LlmErrorKind.AUTHENTICATION.ordinal()},
      {404, LlmErrorKind.BAD_REQUEST.ordinal()},
      {408, LlmErrorKind.TIMEOUT.ordinal()},
      {413, LlmErrorKind.BAD_REQUEST.ordinal()},
      {422, LlmErrorKind.BAD_REQUEST.ordinal()},
      {429, LlmErrorKind.RATE_LIMITED.ordinal()},
      {500, LlmErrorKind.TRANSIENT.ordinal()},
      {502, LlmErrorKind.TRANSIENT.ordinal()},
      {503, LlmErrorKind.OVERLOADED.ordinal()},
      {504, LlmErrorKind.TRANSIENT.ordinal()},
      {529, LlmErrorKind.OVERLOADED.ordinal()},
    };
    return Stream.of(Provider.values())
        .flatMap(p -> Stream.of(table).map(row -> Arguments.of(p, row[0], LlmErrorKind.values()[row[1]])));
  }

  @ParameterizedTest(name = "{0}: HTTP {1} -> {2}")
  @MethodSource("statusFaults")
  void mapsEveryErrorStatusToTheRightKind(Provider provider, int status, LlmErrorKind kind) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);
    sim.setFaults(FaultScript.always(Fault.status(status)));

    LlmException e = catchThrowableOfType(LlmException.class, () -> backend.chat(Provider.cellRequest("A", "B")));

    assertThat(e).as("HTTP %d", status).isNotNull();
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.backend()).isEqualTo(provider.name().toLowerCase(java.util.Locale.ROOT));
    assertThat(e.model()).isEqualTo(provider.model);
    assertThat(e.getMessage()).contains(String.valueOf(status));
    assertThat(sim.stats().faultCount(Fault.status(status))).as("one call, no hidden retries").isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void rateLimitCarriesTheProvidersRetryAfterHint(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);
    sim.setRetryAfter(Duration.ofMillis(1500));
    sim.setFaults(FaultScript.always(Fault.status(429)));

    LlmException e = catchThrowableOfType(LlmException.class, () -> backend.chat(Provider.cellRequest("A", "B")));

    assertThat(e.kind()).isEqualTo(LlmErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void connectionResetIsTransient(Provider provider) {
    assertFaultKind(provider, Fault.connectionReset(), LlmErrorKind.TRANSIENT);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void malformedJsonBodyIsTransient(Provider provider) {
    assertFaultKind(provider, Fault.malformedJson(), LlmErrorKind.TRANSIENT);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void truncatedBodyIsTransient(Provider provider) {
    assertFaultKind(provider, Fault.truncatedBody(), LlmErrorKind.TRANSIENT);
  }

  private void assertFaultKind(Provider provider, Fault fault, LlmErrorKind kind) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);
    sim.setFaults(FaultScript.sequence(fault));

    LlmException e = catchThrowableOfType(LlmException.class, () -> backend.chat(Provider.cellRequest("A", "B")));

    assertThat(e).as(fault.toString()).isNotNull();
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.retryable()).isTrue();
    // the next call works again
    assertThat(JudgmentParser.parse(backend.chat(Provider.cellRequest("A", "B")).text()).isScored()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void proseAndOutOfRangeAnswersReachTheParserInsteadOfFailingTheCall(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);
    sim.setFaults(FaultScript.sequence(Fault.prose(), Fault.outOfRangeScore()));

    String prose = backend.chat(Provider.cellRequest("A", "B")).text();
    String outOfRange = backend.chat(Provider.cellRequest("A", "B")).text();

    assertThatThrownBy(() -> JudgmentParser.parse(prose)).isInstanceOf(InvalidAnswerException.class);
    assertThatThrownBy(() -> JudgmentParser.parse(outOfRange)).isInstanceOf(InvalidAnswerException.class);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void requestTimeoutFiresWhenTheProviderNeverAnswers(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim, Duration.ofMillis(300));
    sim.setFaults(FaultScript.sequence(Fault.timeout()));

    LlmException e = catchThrowableOfType(LlmException.class, () -> backend.chat(Provider.cellRequest("A", "B")));

    assertThat(e.kind()).isEqualTo(LlmErrorKind.TIMEOUT);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void interruptionCancelsTheCallAndKeepsTheInterruptFlag(Provider provider) throws Exception {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim, Duration.ofSeconds(30));
    sim.setFaults(FaultScript.sequence(Fault.timeout()));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();

    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    backend.chat(Provider.cellRequest("A", "B"));
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                  flag.set(Thread.currentThread().isInterrupted());
                });
    assertThat(sim.awaitStats(s -> s.held() == 1, Duration.ofSeconds(10))).isTrue();
    caller.interrupt();
    caller.join(Duration.ofSeconds(10));

    assertThat(caller.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOfSatisfying(LlmException.class, e -> assertThat(e.kind()).isEqualTo(LlmErrorKind.CANCELLED));
    assertThat(flag.get()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void secretsNeverReachToStringMessagesOrTheRecordedRequests(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);
    backend.chat(Provider.cellRequest("A", "B"));
    sim.setFaults(FaultScript.always(Fault.status(401)));
    LlmException e = catchThrowableOfType(LlmException.class, () -> backend.chat(Provider.cellRequest("A", "B")));
    ConnectionReport report = backend.testConnection();

    String everything = backend + "\n" + e.getMessage() + "\n" + report + "\n" + sim.requests();
    assertThat(everything)
        .doesNotContain(Provider.OPENAI_KEY)
        .doesNotContain(Provider.ANTHROPIC_KEY)
        .doesNotContain(Provider.AWS_SECRET);
    assertThat(backend.toString()).contains(sim.baseUrl()).contains(provider.model);
    if (provider.requiredKey() != null) {
      // the key was sent, just never printed
      assertThat(sim.requests().getFirst().headers().asMap().toString()).contains(provider.requiredKey());
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void connectionTestReportsSuccess(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);

    ConnectionReport report = backend.testConnection();

    assertThat(report.ok()).as(report.message()).isTrue();
    assertThat(report.backend()).isEqualTo(backend.id());
    assertThat(report.model()).isEqualTo(provider.model);
    assertThat(report.errorKind()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void connectionTestNamesTheFixForRejectedCredentials(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);
    sim.setFaults(FaultScript.always(Fault.status(401)));

    ConnectionReport report = backend.testConnection();

    assertThat(report.ok()).isFalse();
    assertThat(report.errorKind()).isEqualTo(LlmErrorKind.AUTHENTICATION);
    String expected = switch (provider) {
      case OPENAI -> "OPENAI_API_KEY";
      case ANTHROPIC -> "ANTHROPIC_API_KEY";
      case OLLAMA -> "proxy";
      case BEDROCK -> "AWS_PROFILE";
    };
    assertThat(report.message()).contains("Fix:").contains(expected);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void connectionTestNamesTheUnknownModel(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);
    sim.setFaults(FaultScript.always(Fault.status(404)));

    ConnectionReport report = backend.testConnection();

    assertThat(report.ok()).isFalse();
    assertThat(report.errorKind()).isEqualTo(LlmErrorKind.BAD_REQUEST);
    assertThat(report.message()).contains(provider.model).contains("DECISION_MATRIX_MODEL");
    if (provider == Provider.OLLAMA) {
      assertThat(report.message()).contains("ollama pull " + provider.model);
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void connectionTestNamesTheUnreachableEndpoint(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);
    String hostPort = "127.0.0.1:" + sim.port();
    sim.close();

    ConnectionReport report = backend.testConnection();

    assertThat(report.ok()).isFalse();
    assertThat(report.errorKind()).isEqualTo(LlmErrorKind.TRANSIENT);
    assertThat(report.message()).contains("cannot connect to " + hostPort);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void connectionTestReportsATimeout(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim, Duration.ofMillis(300));
    sim.setFaults(FaultScript.sequence(Fault.timeout()));

    ConnectionReport report = backend.testConnection();

    assertThat(report.ok()).isFalse();
    assertThat(report.errorKind()).isEqualTo(LlmErrorKind.TIMEOUT);
    assertThat(report.message()).contains("raise the request timeout");
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void idNamesTheProviderAndDefaultModelIsTheConfiguredOne(Provider provider) {
    LlmSimulator sim = simulator(provider);
    LlmBackend backend = backend(provider, sim);

    assertThat(backend.id()).isEqualTo(provider.name().toLowerCase(java.util.Locale.ROOT));
    assertThat(backend.defaultModel()).isEqualTo(provider.model);
  }
}
