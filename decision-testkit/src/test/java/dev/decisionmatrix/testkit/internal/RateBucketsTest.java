package dev.decisionmatrix.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.testkit.Protocol;
import dev.decisionmatrix.testkit.RateLimit;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateBucketsTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final RateBuckets buckets = new RateBuckets(new RateLimit(4, 1_000, Duration.ofSeconds(1)), now::get);

  @Test
  void admitsUpToTheRequestLimitThenRefusesWithTheTimeUntilOneRequestRefills() {
    for (int i = 0; i < 4; i++) {
      assertThat(buckets.admit(10, Protocol.OPENAI).admitted()).isTrue();
    }
    RateBuckets.Admission refused = buckets.admit(10, Protocol.OPENAI);

    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(250));
    assertThat(refused.headers()).containsEntry("x-ratelimit-remaining-requests", "0")
        .containsEntry("x-ratelimit-limit-requests", "4").containsEntry("x-ratelimit-reset-requests", "1s");
  }

  @Test
  void theBucketsRefillContinuouslyWithTime() {
    for (int i = 0; i < 4; i++) {
      buckets.admit(10, Protocol.OPENAI);
    }
    now.addAndGet(Duration.ofMillis(500).toNanos());

    assertThat(buckets.admit(10, Protocol.OPENAI).admitted()).isTrue();
    RateBuckets.Admission second = buckets.admit(10, Protocol.OPENAI);
    assertThat(second.admitted()).isTrue();
    assertThat(second.headers()).containsEntry("x-ratelimit-remaining-requests", "0");
    assertThat(buckets.admit(10, Protocol.OPENAI).admitted()).isFalse();
  }

  @Test
  void aRequestOverTheTokenBudgetWaitsForTheTokensItNeeds() {
    assertThat(buckets.admit(900, Protocol.OPENAI).admitted()).isTrue();
    RateBuckets.Admission refused = buckets.admit(300, Protocol.OPENAI);

    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(200));
    assertThat(refused.headers()).containsEntry("x-ratelimit-remaining-tokens", "100").containsEntry("x-ratelimit-limit-tokens", "1000");
  }

  @Test
  void anthropicAnswersCarryTheAnthropicHeadersWithAnInstantToReset() {
    RateBuckets.Admission admitted = buckets.admit(10, Protocol.ANTHROPIC);

    assertThat(admitted.headers()).containsEntry("anthropic-ratelimit-requests-limit", "4")
        .containsEntry("anthropic-ratelimit-requests-remaining", "3")
        .containsEntry("anthropic-ratelimit-tokens-remaining", "990")
        .containsKey("anthropic-ratelimit-requests-reset")
        .doesNotContainKey("x-ratelimit-limit-requests");
    assertThat(buckets.admit(10, Protocol.OLLAMA).headers()).isEmpty();
  }
}
