package dev.decisionmatrix.backends;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.backends.internal.RateLimitHeaders;
import dev.decisionmatrix.llm.ChatResponse;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.RateLimitStatus;
import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class RateLimitStatusTest {

  @ParameterizedTest
  @EnumSource(value = Provider.class, names = {"OPENAI", "ANTHROPIC"})
  void aBackendHandsOnTheRateLimitsItsProviderAnnounced(Provider provider) {
    try (LlmSimulator sim = LlmSimulator.builder().requireApiKey(provider.requiredKey())
        .rateLimit(RateLimit.perMinute(50, 200_000)).start()) {
      LlmBackend backend = provider.backend(sim);
      try {
        backend.chat(Provider.cellRequest("A", "B"));
        ChatResponse second = backend.chat(Provider.cellRequest("C", "D"));

        RateLimitStatus status = second.rateLimits();
        assertThat(status).isNotNull();
        assertThat(status.requests().limit()).isEqualTo(50);
        assertThat(status.requests().remaining()).isEqualTo(48);
        assertThat(status.requests().untilFull()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(status.tokens().limit()).isEqualTo(200_000);
        assertThat(status.tokens().remaining()).isLessThan(200_000);
      } finally {
        Provider.close(backend);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Provider.class, names = {"OLLAMA", "BEDROCK"})
  void providersThatAnnounceNoLimitsGiveNone(Provider provider) {
    try (LlmSimulator sim = LlmSimulator.builder().rateLimit(RateLimit.perMinute(50, 200_000)).start()) {
      LlmBackend backend = provider.backend(sim);
      try {
        assertThat(backend.chat(Provider.cellRequest("A", "B")).rateLimits()).isNull();
      } finally {
        Provider.close(backend);
      }
    }
  }

  @Test
  void openAiHeadersParseWithGoDurations() {
    Map<String, String> h = Map.of(
        "x-ratelimit-limit-requests", "500", "x-ratelimit-remaining-requests", "499", "x-ratelimit-reset-requests", "120ms",
        "x-ratelimit-limit-tokens", "30000", "x-ratelimit-remaining-tokens", "29000", "x-ratelimit-reset-tokens", "6m0s");

    RateLimitStatus status = RateLimitHeaders.parse(name -> Optional.ofNullable(h.get(name)), Instant.EPOCH);

    assertThat(status.requests()).isEqualTo(new RateLimitStatus.Allowance(500, 499, Duration.ofMillis(120)));
    assertThat(status.tokens()).isEqualTo(new RateLimitStatus.Allowance(30_000, 29_000, Duration.ofMinutes(6)));
  }

  @Test
  void anthropicHeadersParseWithResetInstantsAndInputTokensAsAFallback() {
    Instant now = Instant.parse("2026-12-03T10:00:00Z");
    Map<String, String> h = Map.of(
        "anthropic-ratelimit-requests-limit", "50", "anthropic-ratelimit-requests-remaining", "10",
        "anthropic-ratelimit-requests-reset", "2026-12-03T10:00:30Z",
        "anthropic-ratelimit-input-tokens-limit", "40000", "anthropic-ratelimit-input-tokens-remaining", "39000",
        "anthropic-ratelimit-input-tokens-reset", "2026-12-03T10:00:01.5Z");

    RateLimitStatus status = RateLimitHeaders.parse(name -> Optional.ofNullable(h.get(name)), now);

    assertThat(status.requests()).isEqualTo(new RateLimitStatus.Allowance(50, 10, Duration.ofSeconds(30)));
    assertThat(status.tokens()).isEqualTo(new RateLimitStatus.Allowance(40_000, 39_000, Duration.ofMillis(1_500)));
  }

  @Test
  void garbledOrMissingHeadersLeaveTheAllowanceUnknownInsteadOfFailing() {
    Map<String, String> h = Map.of("x-ratelimit-limit-requests", "lots", "x-ratelimit-remaining-requests", "3",
        "x-ratelimit-limit-tokens", "100", "x-ratelimit-remaining-tokens", "250");

    RateLimitStatus status = RateLimitHeaders.parse(name -> Optional.ofNullable(h.get(name)), Instant.EPOCH);

    assertThat(status.requests()).isNull();
    assertThat(status.tokens()).isEqualTo(new RateLimitStatus.Allowance(100, 100, Duration.ZERO));
    assertThat(RateLimitHeaders.parse(name -> Optional.empty(), Instant.EPOCH)).isNull();
  }
}
