package dev.decisionmatrix.bench;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.rank.RankingMethod;
import dev.decisionmatrix.rank.ScoreMatrix;
import dev.decisionmatrix.rank.Sensitivity;
import dev.decisionmatrix.rank.SensitivityReport;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Robustness analysis with 10,000 Monte Carlo draws on an evaluated 100 x 50 decision, with and
 * without sampled-score noise (target: 250 ms for every method).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MonteCarloBenchmark {

  /** The ranking method whose leader is analysed. */
  @Param({"weighted-sum", "topsis", "promethee-ii"})
  public String method;

  /** Whether each cell carries a sampled-score range to redraw from. */
  @Param({"false", "true"})
  public boolean sampledScores;

  private ScoreMatrix matrix;
  private RankingMethod ranking;

  @Setup
  public void setUp() {
    Evaluation evaluation;
    try (DecisionEngine engine = DecisionEngine.builder(Matrices.instant()).maxConcurrency(64).build()) {
      evaluation = engine.evaluate(Matrices.decision("Monte Carlo benchmark", 100, 50));
    }
    matrix = ScoreMatrix.of(evaluation);
    if (sampledScores) {
      double[][] spreads = new double[100][50];
      for (double[] row : spreads) {
        java.util.Arrays.fill(row, 1.0);
      }
      matrix = matrix.withSampleSpreads(spreads);
    }
    ranking = RankingMethod.byName(method);
  }

  /** Flip points plus 10,000 seeded draws over the weights (and the sampled scores). */
  @Benchmark
  public SensitivityReport tenThousandDraws() {
    return Sensitivity.analyze(matrix, ranking, 10_000, 2.0, 42L);
  }
}
