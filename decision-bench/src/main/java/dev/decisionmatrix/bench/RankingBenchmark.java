package dev.decisionmatrix.bench;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.rank.Ranking;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Ranking methods and sensitivity analysis on an evaluated 100 x 50 decision. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RankingBenchmark {

  private Evaluation evaluation;
  private ScoreMatrix matrix;

  @Setup
  public void setUp() {
    try (DecisionEngine engine = DecisionEngine.builder(Matrices.instant()).maxConcurrency(64).build()) {
      evaluation = engine.evaluate(Matrices.decision("Ranking benchmark", 100, 50));
    }
    matrix = ScoreMatrix.of(evaluation);
  }

  /** Building the numeric matrix and ranking it: what a re-rank after re-weighting costs. */
  @Benchmark
  public Ranking weightedSumFromEvaluation() {
    return Ranking.weightedSum(evaluation);
  }

  @Benchmark
  public Ranking weightedSum() {
    return RankingMethod.weightedSum().rank(matrix);
  }

  @Benchmark
  public Ranking weightedProduct() {
    return RankingMethod.weightedProduct().rank(matrix);
  }

  @Benchmark
  public Ranking topsis() {
    return RankingMethod.topsis().rank(matrix);
  }

  @Benchmark
  public Ranking vikor() {
    return RankingMethod.vikor().rank(matrix);
  }

  @Benchmark
  public Ranking prometheeII() {
    return RankingMethod.prometheeII().rank(matrix);
  }

  @Benchmark
  public Ranking copras() {
    return RankingMethod.copras().rank(matrix);
  }

  @Benchmark
  public Ranking edas() {
    return RankingMethod.edas().rank(matrix);
  }

  @Benchmark
  public Ranking mabac() {
    return RankingMethod.mabac().rank(matrix);
  }

  /** Exact flip points for all 50 criteria plus 2,000 Monte Carlo trials. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public SensitivityReport sensitivity() {
    return Sensitivity.analyze(matrix);
  }
}
