package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.llm.ChatRequest;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decisions and backends shared by the engine tests. */
final class Fixtures {
  private static final Pattern OPTION = Pattern.compile("<data name=\"option_name\">\n(.*?)\n</data>", Pattern.DOTALL);
  private static final Pattern CRITERION = Pattern.compile("<data name=\"criterion_name\">\n(.*?)\n</data>", Pattern.DOTALL);

  private Fixtures() {}

  static Decision decision(int options, int criteria) {
    Decision.Builder b = Decision.builder("Which option is best?");
    for (int o = 0; o < options; o++) {
      b.option("Option " + o, "Description of option " + o);
    }
    for (int c = 0; c < criteria; c++) {
      b.criterion("Criterion " + c, 1 + c % 3);
    }
    return b.build();
  }

  /** A decision on a topic: options with descriptions, criteria weighted 1, 2, 3 and so on. */
  static Decision decision(String topic, int options, int criteria) {
    Decision.Builder b = Decision.builder(topic);
    for (int o = 0; o < options; o++) {
      b.option(Option.of("Option " + o, "Description " + o));
    }
    for (int c = 0; c < criteria; c++) {
      b.criterion(Criterion.builder("Criterion " + c).weight(1 + c).build());
    }
    return b.build();
  }

  /**
   * Waits up to 30 s for an engine to hold no slot, no question in flight and no running
   * evaluation (interrupted calls return, and completions run, on their own threads), then
   * asserts all three.
   */
  static void assertNothingHeld(DecisionEngine engine, long seed) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((engine.callsInFlight() > 0 || engine.questionsInFlight() > 0 || engine.runningEvaluations() > 0) && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    assertThat(engine.callsInFlight()).as("seed %d: slots held", seed).isZero();
    assertThat(engine.questionsInFlight()).as("seed %d: questions in flight", seed).isZero();
    assertThat(engine.runningEvaluations()).as("seed %d: evaluations running", seed).isZero();
  }

  static String option(ChatRequest request) {
    Matcher m = OPTION.matcher(request.messages().getFirst().content());
    return m.find() ? m.group(1) : "?";
  }

  static String criterion(ChatRequest request) {
    Matcher m = CRITERION.matcher(request.messages().getFirst().content());
    return m.find() ? m.group(1) : "?";
  }

  /** A deterministic score in 1..10 for a cell. */
  static double score(ChatRequest request) {
    int h = (option(request) + "|" + criterion(request)).hashCode();
    return 1 + Math.floorMod(h, 91) / 10.0;
  }

  static ChatResponse answer(ChatRequest request) {
    return new ChatResponse(
        "{\"score\": " + score(request) + ", \"reasoning\": \"because\", \"confidence\": 0.8}", new TokenUsage(100, 20), "fake");
  }

  /** A backend that answers every cell with {@link #score}. */
  static LlmBackend scoring() {
    return Fixtures::answer;
  }

  static DecisionEngine.Builder engine(LlmBackend backend) {
    return DecisionEngine.builder(backend)
        .retryPolicy(RetryPolicy.defaults().withBackoff(Duration.ofMillis(1), Duration.ofMillis(5)))
        .deadline(Duration.ofMinutes(2));
  }
}
