package dev.decisionmatrix.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.model.InvalidDecisionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionSettingsTest {

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 2.01, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsATemperatureOutsideZeroToTwo(double temperature) {
    assertThatThrownBy(() -> SessionSettings.DEFAULTS.withTemperature(temperature))
        .isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("settings.temperature")
        .hasMessageContaining("between 0 and 2");
  }

  @Test
  void blankNamesMeanTheDefaults() {
    SessionSettings settings = new SessionSettings("  ", "\t", null);

    assertThat(settings).isEqualTo(SessionSettings.DEFAULTS);
    assertThat(settings.withBackend(" openai ").withModel("gpt-4o").withTemperature(0.0))
        .isEqualTo(new SessionSettings("openai", "gpt-4o", 0.0));
  }
}
