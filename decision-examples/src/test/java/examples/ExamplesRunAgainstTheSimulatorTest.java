package examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.testkit.LlmSimulator;
import dev.decisionmatrix.testkit.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each example runs as a program in its own JVM against the loopback simulator on the OpenAI wire,
 * configured only through the environment variables the README names, and names the winner that
 * the simulator's scores give.
 */
class ExamplesRunAgainstTheSimulatorTest {

  private static final String API_KEY = "sk-examples-test";
  private static final List<String> CLOUDS = List.of("AWS", "GCP", "Azure");
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path workDir;
  private LlmSimulator simulator;

  @BeforeEach
  void startSimulator() {
    simulator = LlmSimulator.builder().requireApiKey(API_KEY).start();
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  private Map<String, String> openAiWire() {
    return Map.of(
        "OPENAI_BASE_URL", simulator.baseUrl(Protocol.OPENAI),
        "OPENAI_API_KEY", API_KEY,
        "DECISION_MATRIX_MODEL", "simulated-judge");
  }

  @Test
  void chooseACloudProviderNamesTheWinnerOfTheSimulatorsScores() throws Exception {
    ExampleProcess.Result run = ExampleProcess.run(ChooseACloudProvider.class, openAiWire(), TIMEOUT, workDir);

    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
    String winner = weightedSumWinner(CLOUDS, Map.of("Price", 3.0, "Managed Kubernetes", 2.0, "Data residency", 3.0), "Price");
    assertThat(run.lines()).singleElement().asString()
        .matches("(" + winner + " is the clear winner: |Close call: " + winner + " leads ).*");
    assertThat(simulator.stats().requestCount(Protocol.OPENAI)).as("one call per cell").isEqualTo(9);
  }

  @Test
  void editAndReEvaluateJudgesOnlyTheNewOptionsCells() throws Exception {
    ExampleProcess.Result run = ExampleProcess.run(EditAndReEvaluate.class, openAiWire(), TIMEOUT, workDir);

    assertThat(run.exitCode()).as("exit code; stderr:%n%s", run.stderr()).isZero();
    List<String> lines = run.lines();
    assertThat(lines).hasSize(11);
    assertThat(lines.subList(0, 9)).allMatch(line -> line.matches("[1-9]/9 (AWS|GCP|Azure) x (Price|Managed Kubernetes|Data residency)"));
    assertThat(lines.get(8)).startsWith("9/9 ");
    assertThat(lines.get(9)).isEqualTo("3 calls for the edit");
    String winner = weightedSumWinner(List.of("AWS", "GCP", "Azure", "OVHcloud"),
        Map.of("Price", 5.0, "Managed Kubernetes", 2.0, "Data residency", 3.0), null);
    assertThat(lines.get(10)).matches("(" + winner + " is the clear winner: |Close call: " + winner + " leads ).*");
    assertThat(simulator.stats().requestCount(Protocol.OPENAI)).isEqualTo(9 + 3);
  }

  /**
   * The weighted-sum leader worked out from the simulator's published scores, independently of the
   * library: the weighted average, with a cost criterion's score s counted as 11 - s.
   */
  private static String weightedSumWinner(List<String> options, Map<String, Double> weights, String costCriterion) {
    double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    return options.stream().max(Comparator.comparingDouble(option -> weights.entrySet().stream()
            .mapToDouble(w -> {
              double s = LlmSimulator.expectedScore(option, w.getKey());
              return w.getValue() * (w.getKey().equals(costCriterion) ? 11 - s : s);
            })
            .sum() / total))
        .orElseThrow();
  }
}
