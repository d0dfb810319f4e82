package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.llm.LlmBackend;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A cautious start that probes up to the ceiling while the provider keeps up, and stops when it does not. */
class AdaptiveLimitTest {

  private static final long MS = 1_000_000;

  @Test
  void aCautiousStartReachesTheCeilingInAFewRoundsWhileLatencyStaysFlat() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 16, 64, 0.7);
    int successes = 0;
    int rounds = 0;
    while (limit.current() < 64) {
      int round = limit.current();
      for (int i = 0; i < round; i++) {
        limit.onSuccess(true, 50 * MS);
        successes++;
      }
      rounds++;
    }

    assertThat(successes).as("one slot per success").isEqualTo(48);
    assertThat(rounds).as("about doubling per round of calls").isLessThanOrEqualTo(3);
    assertThat(limit.probing()).isFalse();
    limit.onSuccess(true, 50 * MS);
    assertThat(limit.current()).isEqualTo(64);
  }

  @Test
  void probingStopsWhenTheProviderStartsQueuingAndTheLimitStaysWhereItWas() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 16, 64, 0.7);
    for (int i = 0; i < 8; i++) {
      limit.onSuccess(true, 50 * MS);
    }
    assertThat(limit.current()).isEqualTo(24);

    // The provider serves 24 at once but queues more: answers take three times as long.
    for (int i = 0; i < 20 && limit.probing(); i++) {
      limit.onSuccess(true, 150 * MS);
    }

    assertThat(limit.probing()).isFalse();
    assertThat(limit.current()).isBetween(24, 30);
    int reached = limit.current();
    for (int i = 0; i < 100; i++) {
      limit.onSuccess(true, 150 * MS);
    }
    assertThat(limit.current()).as("no growth while answers stay slow").isEqualTo(reached);
    for (int i = 0; i < 3 * reached; i++) {
      limit.onSuccess(true, 50 * MS);
    }
    assertThat(limit.current()).as("quick answers again: 1/limit per success").isBetween(reached + 1, reached + 3);
  }

  @Test
  void oneSlowAnswerAmongFastOnesDoesNotEndProbing() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 4, 64, 0.7);
    Random random = new Random(42);
    for (int i = 0; i < 200 && limit.probing(); i++) {
      long latency = i == 10 ? 400 * MS : (45 + random.nextInt(10)) * MS; // one outlier, the rest 45-55 ms
      limit.onSuccess(true, latency);
    }

    assertThat(limit.current()).isEqualTo(64);
  }

  @Test
  void backPressureEndsProbingAndShrinksTheLimit() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 16, 64, 0.5);
    limit.onSuccess(true, 50 * MS);
    assertThat(limit.current()).isEqualTo(17);

    assertThat(limit.onBackpressure(limit.epoch())).isTrue();

    assertThat(limit.probing()).isFalse();
    assertThat(limit.current()).isEqualTo(8);
    for (int i = 0; i < 9; i++) {
      limit.onSuccess(true, 50 * MS);
    }
    assertThat(limit.current()).as("additive increase from here: a round of calls adds one").isEqualTo(9);
  }

  @Test
  void unsaturatedOrUnmeasuredSuccessesNeverRaiseTheLimit() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 8, 64, 0.7);
    for (int i = 0; i < 100; i++) {
      limit.onSuccess(false, 50 * MS);
      limit.onSuccess(true, -1);
    }

    assertThat(limit.current()).isEqualTo(8);
    assertThat(limit.probing()).isTrue();
  }

  @Test
  void aLimitThatStartsAtItsCeilingNeverProbes() {
    AdaptiveLimit limit = new AdaptiveLimit(1, 32, 0.7);

    assertThat(limit.probing()).isFalse();
    assertThat(limit.current()).isEqualTo(32);
  }

  @Test
  void anEngineWithACautiousStartClimbsToItsCeilingOnABackendThatKeepsUp() {
    LlmBackend backend = Fixtures::answer;
    // A ticker that never moves: every call takes the same time, so latency stays flat.
    try (DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(32).initialBackendConcurrency(2).ticker(() -> 0L).build()) {
      engine.evaluate(Fixtures.decision(1, 1));
      assertThat(engine.concurrencyLimit("custom")).as("one call alone is never saturating above 1").isEqualTo(2);

      engine.evaluate(Fixtures.decision(20, 20));

      assertThat(engine.concurrencyLimit("custom")).isEqualTo(32);
    }
  }

  @Test
  void aStartingLimitOutsideTheFloorAndCeilingIsRefusedByName() {
    assertThatThrownBy(() -> Fixtures.engine(Fixtures::answer).maxConcurrency(8).initialBackendConcurrency(9).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initialBackendConcurrency (9)")
        .hasMessageContaining("backendConcurrency (8), which defaults to maxConcurrency");
    assertThatThrownBy(() -> Fixtures.engine(Fixtures::answer).minBackendConcurrency(4).initialBackendConcurrency(2).build())
        .hasMessageContaining("minBackendConcurrency (4)");
    assertThatThrownBy(() -> Fixtures.engine(Fixtures::answer).initialBackendConcurrency(0)).hasMessageContaining("at least 1");
  }
}
