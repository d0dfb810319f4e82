package dev.decisionmatrix.testkit;

import static dev.decisionmatrix.testkit.SimHttp.cell;
import static dev.decisionmatrix.testkit.SimHttp.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitTest {

  @Test
  void theSimulatorAnnouncesWhatIsLeftAndRefusesTheRequestBeyondTheLimitWithRetryAfter() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().rateLimit(RateLimit.perMinute(3, 1_000_000)).start()) {
      List<String> remaining = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> ok = send(cell(sim, Protocol.OPENAI, "a" + i, "c"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("3");
        remaining.add(ok.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
      }
      HttpResponse<String> refused = send(cell(sim, Protocol.OPENAI, "a3", "c"));

      assertThat(remaining).containsExactly("2", "1", "0");
      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("retry-after").map(Integer::parseInt)).hasValueSatisfying(s -> assertThat(s).isBetween(1, 20));
      assertThat(sim.stats().statusCount(429)).isEqualTo(1);
    }
  }

  @Test
  void anthropicAnswersCarryAnthropicRateLimitHeaders() throws Exception {
    try (LlmSimulator sim = LlmSimulator.builder().rateLimit(RateLimit.perMinute(10, 100_000)).start()) {
      HttpResponse<String> ok = send(cell(sim, Protocol.ANTHROPIC, "a", "c"));

      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("anthropic-ratelimit-requests-remaining")).hasValue("9");
      assertThat(ok.headers().firstValue("anthropic-ratelimit-tokens-limit")).hasValue("100000");
      assertThat(ok.headers().firstValue("anthropic-ratelimit-tokens-reset")).isPresent();
    }
  }
}
