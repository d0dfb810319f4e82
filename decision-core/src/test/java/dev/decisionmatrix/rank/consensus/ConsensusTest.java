package dev.decisionmatrix.rank.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.Recommendation;
import dev.decisionmatrix.rank.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsensusTest {

  private static Ranking ranking(String method, int... ranks) {
    List<RankedOption> options = new java.util.ArrayList<>();
    for (int i = 0; i < ranks.length; i++) {
      options.add(new RankedOption("O" + i, i, ranks[i], ranks[i] == 0 ? Double.NaN : 10 - ranks[i], false, 1, 0, 0, 0));
    }
    return new Ranking(method, options, new Recommendation(Verdict.CLOSE, List.of(), null, 0, false, ""));
  }

  @Test
  void bordaAndCopelandMatchAHandWorkedExample() {
    // m1: A > B > C; m2: B > A > C; m3: A > C, B unranked.
    // Borda: A = 2 + 1 + 1 = 4, B = 1 + 2 + 0 = 3, C = 0 + 0 + 0 = 0.
    // Copeland: A beats B (2 methods to 1), A beats C (3-0), B beats C (2-1): A 2, B 0, C -2.
    List<Ranking> rankings = List.of(ranking("m1", 1, 2, 3), ranking("m2", 2, 1, 3), ranking("m3", 1, 0, 2));

    assertThat(Consensus.borda(rankings, 3)).containsExactly(4, 3, 0);
    assertThat(Consensus.copeland(rankings, 3)).containsExactly(2, 0, -2);
  }

  @Test
  void tiedOptionsShareBordaPoints() {
    assertThat(Consensus.borda(List.of(ranking("m", 1, 1, 3)), 3)).containsExactly(1.5, 1.5, 0);
  }

  @Test
  void theStatementSaysWhenAllMethodsAgreeOnTheWinner() {
    dev.decisionmatrix.rank.CellState s = dev.decisionmatrix.rank.CellState.SCORED;
    dev.decisionmatrix.rank.ScoreMatrix m = dev.decisionmatrix.rank.ScoreMatrix.of(List.of("Best", "Worst"), List.of("x", "y"),
        new double[] {1, 1}, new double[][] {{9, 8}, {2, 3}}, new dev.decisionmatrix.rank.CellState[][] {{s, s}, {s, s}});
    List<dev.decisionmatrix.rank.RankingMethod> methods = List.of(dev.decisionmatrix.rank.RankingMethod.weightedSum(),
        dev.decisionmatrix.rank.RankingMethod.weightedProduct(), dev.decisionmatrix.rank.RankingMethod.topsis());

    assertThat(Consensus.winnerStatement(m, methods)).isEqualTo("All 3 methods rank Best first.");
  }
}
