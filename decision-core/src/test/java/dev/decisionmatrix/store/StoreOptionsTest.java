package dev.decisionmatrix.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class StoreOptionsTest {

  @Test
  void theDefaultsKeepAThousandSessionsForThirtyDaysOnTheSystemClock() {
    StoreOptions defaults = StoreOptions.defaults();

    assertThat(defaults.ttl()).isEqualTo(Duration.ofDays(30));
    assertThat(defaults.maxSessions()).isEqualTo(1_000);
    assertThat(defaults.clock()).isEqualTo(InstantSource.system());
  }

  @Test
  void rejectsATimeToLiveThatIsNotPositive() {
    assertThatThrownBy(() -> StoreOptions.defaults().withTtl(Duration.ZERO)).hasMessageContaining("ttl");
    assertThatThrownBy(() -> StoreOptions.defaults().withTtl(Duration.ofSeconds(-1))).hasMessageContaining("ttl");
    assertThatThrownBy(() -> StoreOptions.defaults().withTtl(null)).hasMessageContaining("ttl");
  }

  @Test
  void rejectsASessionLimitBelowOne() {
    assertThatThrownBy(() -> StoreOptions.defaults().withMaxSessions(0)).hasMessageContaining("maxSessions must be at least 1");
  }

  @Test
  void rejectsAMissingClock() {
    assertThatThrownBy(() -> StoreOptions.defaults().withClock(null)).hasMessageContaining("clock");
  }

  @Test
  void theNotFoundMessageSaysTheTimeToLiveInWords() {
    assertThat(SessionNotFoundException.describe(Duration.ofDays(30))).isEqualTo("30 days");
    assertThat(SessionNotFoundException.describe(Duration.ofHours(1))).isEqualTo("1 hour");
    assertThat(SessionNotFoundException.describe(Duration.ofMinutes(90))).isEqualTo("90 minutes");
    assertThat(SessionNotFoundException.describe(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
  }
}
