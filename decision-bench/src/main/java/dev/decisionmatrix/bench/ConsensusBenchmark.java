package dev.decisionmatrix.bench;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import dev.decisionmatrix.rank.ScoreMatrix;
import dev.decisionmatrix.rank.consensus.Consensus;
import dev.decisionmatrix.rank.consensus.RankCorrelation;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/** The consensus view on an evaluated 100 x 50 decision with the three ranking methods. Target: 20 ms. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ConsensusBenchmark {

  private ScoreMatrix matrix;
  private final List<RankingMethod> methods = List.of(RankingMethod.weightedSum(), RankingMethod.weightedProduct(), RankingMethod.topsis());

  @Setup
  public void setUp() {
    try (DecisionEngine engine = DecisionEngine.builder(Matrices.instant()).maxConcurrency(64).build()) {
      matrix = ScoreMatrix.of(engine.evaluate(Matrices.decision("Consensus benchmark", 100, 50)));
    }
  }

  /** Every method's ranking, pairwise rho and tau-b, Borda, Copeland and the winner statement. */
  @Benchmark
  public void consensusView(Blackhole hole) {
    List<Ranking> rankings = new ArrayList<>();
    List<double[]> ranks = new ArrayList<>();
    for (RankingMethod m : methods) {
      Ranking r = m.rank(matrix);
      rankings.add(r);
      double[] rank = new double[matrix.optionCount()];
      r.options().forEach(o -> rank[o.index()] = o.rank());
      ranks.add(rank);
    }
    for (int a = 0; a < ranks.size(); a++) {
      for (int b = a + 1; b < ranks.size(); b++) {
        hole.consume(RankCorrelation.spearman(ranks.get(a), ranks.get(b)));
        hole.consume(RankCorrelation.kendallTauB(ranks.get(a), ranks.get(b)));
      }
    }
    hole.consume(Consensus.borda(rankings, matrix.optionCount()));
    hole.consume(Consensus.copeland(rankings, matrix.optionCount()));
    hole.consume(Consensus.winnerStatement(matrix, methods));
  }
}
