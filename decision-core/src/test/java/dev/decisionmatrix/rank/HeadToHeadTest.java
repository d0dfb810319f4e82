package dev.decisionmatrix.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeadToHeadTest {

  private static final CellState S = CellState.SCORED;
  private static final CellState A = CellState.ABSTAINED;
  private static final double N = Double.NaN;

  // Criteria: quality (w 2), price (w 1, cost), support (w 1), speed (w 4).
  private final ScoreMatrix matrix = ScoreMatrix.of(List.of("Alpha", "Beta"), List.of("quality", "price", "support", "speed"),
      new double[] {2, 1, 1, 4}, new double[][] {{8, 3, 5, N}, {6, 7, 5, 9}}, new CellState[][] {{S, S, S, A}, {S, S, S, S}},
      new boolean[] {false, true, false, false});

  @Test
  void eachCriterionNamesTheBetterOptionWithCostsReversed() {
    HeadToHead h = HeadToHead.compare(matrix, 0, 1);

    assertThat(h.criteria()).extracting(HeadToHead.Row::better).containsExactly("Alpha", "Alpha", null, null);
    assertThat(h.criteria().get(1).advantage()).isEqualTo(4);
    assertThat(h.criteria().get(1).firstScore()).isEqualTo(3);
    assertThat(h.criteria().get(0).weight()).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void aMissingScoreIsUndecidedNeverAWin() {
    HeadToHead h = HeadToHead.compare(matrix, 0, 1);

    HeadToHead.Row speed = h.criteria().get(3);
    assertThat(speed.better()).isNull();
    assertThat(speed.advantage()).isNaN();
    assertThat(speed.firstState()).isEqualTo(CellState.ABSTAINED);
    assertThat(h.summary()).startsWith("Alpha is better on 2 criteria (38% of the weight), Beta on 0 criteria (0%), 1 tied, 1 undecided");
  }

  @Test
  void theSummaryNamesTheGapThatWeighsMost() {
    // quality: 2 points x 0.25 = 0.5; price: 4 points x 0.125 = 0.5 (tie, the first wins); both Alpha.
    assertThat(HeadToHead.compare(matrix, 1, 0).summary()).contains("The gap that weighs most: quality, where Alpha is 2.0 points better (6.0 vs 8.0)");
  }

  @Test
  void anOptionCannotBeComparedWithItselfOrOutOfRange() {
    assertThatThrownBy(() -> HeadToHead.compare(matrix, 1, 1)).hasMessageContaining("Beta with itself");
    assertThatThrownBy(() -> HeadToHead.compare(matrix, 0, 2)).hasMessageContaining("0..1");
  }
}
