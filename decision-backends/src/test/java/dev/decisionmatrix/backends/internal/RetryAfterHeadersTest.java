package dev.decisionmatrix.backends.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterHeadersTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static HttpHeaders headers(String... nameValue) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      map.put(nameValue[i], List.of(nameValue[i + 1]));
    }
    return HttpHeaders.of(map, (a, b) -> true);
  }

  @ParameterizedTest
  @CsvSource({"1s, 1000", "250ms, 250", "6m0s, 360000", "1h2m3.5s, 3723500", "1.5s, 1500", "0s, 0"})
  void readsOpenAiDurations(String text, long millis) {
    assertThat(RetryAfterHeaders.goDuration(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void readsSubMillisecondDurations() {
    assertThat(RetryAfterHeaders.goDuration("20us")).isEqualTo(Duration.ofNanos(20_000));
    assertThat(RetryAfterHeaders.goDuration("5ns")).isEqualTo(Duration.ofNanos(5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "1x", "s", "1s junk", "-1s"})
  void rejectsWhatIsNotADuration(String text) {
    assertThat(RetryAfterHeaders.goDuration(text)).isNull();
  }

  @Test
  void retryAfterSecondsAreRead() {
    assertThat(RetryAfterHeaders.parse(headers("Retry-After", "3"), NOW)).isEqualTo(Duration.ofSeconds(3));
    assertThat(RetryAfterHeaders.parse(headers("retry-after", "0.5"), NOW)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void retryAfterHttpDateIsRead() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(42).atOffset(ZoneOffset.UTC));

    assertThat(RetryAfterHeaders.parse(headers("Retry-After", date), NOW)).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void aDateInThePastMeansNoWait() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(5).atOffset(ZoneOffset.UTC));

    assertThat(RetryAfterHeaders.parse(headers("Retry-After", date), NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void millisecondsWinOverSeconds() {
    assertThat(RetryAfterHeaders.parse(headers("Retry-After", "1", "retry-after-ms", "40"), NOW)).isEqualTo(Duration.ofMillis(40));
  }

  @Test
  void theExhaustedOpenAiLimitDecides() {
    HttpHeaders tokensExhausted =
        headers(
            "x-ratelimit-reset-requests", "200ms",
            "x-ratelimit-reset-tokens", "6m0s",
            "x-ratelimit-remaining-requests", "12",
            "x-ratelimit-remaining-tokens", "0");

    assertThat(RetryAfterHeaders.parse(tokensExhausted, NOW)).isEqualTo(Duration.ofMinutes(6));
    assertThat(RetryAfterHeaders.parse(headers("x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "250ms"), NOW))
        .as("unknown which limit hit: the sooner reset")
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void anthropicResetInstantsAreRead() {
    assertThat(RetryAfterHeaders.parse(headers("anthropic-ratelimit-requests-reset", "2026-03-01T12:00:07Z"), NOW))
        .isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void hintsAreCapped() {
    assertThat(RetryAfterHeaders.parse(headers("Retry-After", "86400"), NOW)).isEqualTo(RetryAfterHeaders.MAX);
  }

  @Test
  void noHintIsNull() {
    assertThat(RetryAfterHeaders.parse(headers("Retry-After", "later, maybe"), NOW)).isNull();
    assertThat(RetryAfterHeaders.parse(headers(), NOW)).isNull();
  }
}
