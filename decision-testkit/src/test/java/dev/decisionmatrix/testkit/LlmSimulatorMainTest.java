package dev.decisionmatrix.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LlmSimulatorMainTest {

  @Test
  void flagsConfigureTheSimulator() {
    try (LlmSimulator sim =
        LlmSimulatorMain.parse(
                "--latency-ms", "25", "--capacity=4", "--overflow=reject", "--fault-rate", "0.1",
                "--faults", "503,timeout", "--seed", "7", "--api-key", "k", "--models", "a,b")
            .start()) {
      assertThat(sim.toString())
          .contains("latency=fixed(25ms)", "capacity=4 in flight, reject", "rate(0.1, seed=7",
              "http-503", "timeout", "models=[a, b]", "apiKey=required");
    }
  }

  @Test
  void latencyRangeAndSigmaSelectUniformAndLogNormal() {
    try (LlmSimulator uniform = LlmSimulatorMain.parse("--latency-ms", "10-40").start();
        LlmSimulator logNormal = LlmSimulatorMain.parse("--latency-ms=100", "--latency-sigma=0.5").start()) {
      assertThat(uniform.toString()).contains("uniform(10ms..40ms");
      assertThat(logNormal.toString()).contains("logNormal(median=100ms, sigma=0.5");
    }
  }

  @Test
  void badFlagsAreNamedInTheError() {
    assertThatThrownBy(() -> LlmSimulatorMain.parse("--capacity", "many")).hasMessageContaining("--capacity");
    assertThatThrownBy(() -> LlmSimulatorMain.parse("--overflow=drop")).hasMessageContaining("--overflow");
    assertThatThrownBy(() -> LlmSimulatorMain.parse("--colour", "red")).hasMessageContaining("--colour");
    assertThatThrownBy(() -> LlmSimulatorMain.parse("--port")).hasMessageContaining("needs a value");
  }

  @Test
  void usageListsEveryFlag() {
    assertThat(LlmSimulatorMain.USAGE)
        .contains("--port", "--latency-ms", "--capacity", "--overflow", "--fault-rate", "--help");
  }
}
