package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.llm.RateLimitStatus;
import dev.decisionmatrix.llm.RateLimitStatus.Allowance;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RatePacerTest {

  private static final long MS = 1_000_000;

  private static RateLimitStatus requests(long limit, long remaining, Duration untilFull) {
    return new RateLimitStatus(new Allowance(limit, remaining, untilFull), null);
  }

  @Test
  void nothingIsPacedBeforeTheProviderAnnouncesALimit() {
    RatePacer pacer = new RatePacer();

    for (int i = 0; i < 1_000; i++) {
      assertThat(pacer.reserve(500, 0)).isZero();
    }
  }

  @Test
  void theFirstAnnouncementIsReadAgainstTheCallsAlreadySentThatItMayNotHaveCounted() {
    RatePacer pacer = new RatePacer();
    for (int i = 0; i < 4; i++) {
      assertThat(pacer.reserve(10, 0)).isZero();
    }
    // The first answer counted its own call only: 9 of 10 left, but three more calls are on their way.
    pacer.observe(requests(10, 9, Duration.ofMillis(200)), 0);

    int started = 0;
    while (pacer.reserve(10, 0) == 0) {
      started++;
    }
    assertThat(started).as("9 left, less the margin and the 3 calls not yet counted").isEqualTo(5);
  }

  @Test
  void callsGoAtOnceWhileTheAnnouncedRemainderLastsThenWaitForTheRefill() {
    RatePacer pacer = new RatePacer();
    // 90 of 100 left and full again in 100 ms: the bucket refills one request every 10 ms.
    pacer.observe(requests(100, 90, Duration.ofMillis(100)), 0);

    int started = 0;
    while (pacer.reserve(10, 0) == 0) {
      started++;
    }

    assertThat(started).as("the remainder less a 1 %% margin").isEqualTo(89);
    assertThat(pacer.reserve(10, 0)).isEqualTo(10 * MS);
    assertThat(pacer.reserve(10, 10 * MS)).isZero();
    assertThat(pacer.reserve(10, 10 * MS)).isPositive();
  }

  @Test
  void anAnswerLowersTheMirrorButALateOneAnnouncingMoreNeverRaisesIt() {
    RatePacer pacer = new RatePacer();
    pacer.observe(requests(10, 8, Duration.ofSeconds(1)), 0);
    assertThat(pacer.reserve(1, 0)).isZero();

    pacer.observe(requests(10, 1, Duration.ofSeconds(1)), 0);
    assertThat(pacer.reserve(1, 0)).as("the provider counts other clients too").isPositive();

    // An answer counted before calls this engine started since, arriving late.
    pacer.observe(requests(10, 9, Duration.ofMillis(100)), 0);
    assertThat(pacer.reserve(1, 0)).isPositive();
  }

  @Test
  void theTokenBudgetPacesLargeCallsByTheirTokens() {
    RatePacer pacer = new RatePacer();
    // 10,000 tokens per second, 2,000 left, full in 800 ms: 10 tokens per ms.
    pacer.observe(new RateLimitStatus(null, new Allowance(10_000, 2_000, Duration.ofMillis(800))), 0);

    assertThat(pacer.reserve(1_500, 0)).isZero();
    long wait = pacer.reserve(1_500, 0);

    // 2,000 - 100 margin - 1,500 = 400 left; 1,100 more tokens need 110 ms.
    assertThat(wait).isEqualTo(110 * MS);
    assertThat(pacer.reserve(1_500, wait)).isZero();
  }

  @Test
  void aCallLargerThanTheWholeTokenBucketWaitsForAFullBucketInsteadOfForever() {
    RatePacer pacer = new RatePacer();
    pacer.observe(new RateLimitStatus(null, new Allowance(1_000, 0, Duration.ofSeconds(1))), 0);

    long wait = pacer.reserve(5_000, 0);

    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1).toNanos() + MS);
    assertThat(pacer.reserve(5_000, wait)).isZero();
  }
}
