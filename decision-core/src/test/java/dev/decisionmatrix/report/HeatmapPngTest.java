package dev.decisionmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.rank.RankedOption;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HeatmapPngTest {

  private static RankedEvaluation input(Evaluation evaluation) {
    return RankedEvaluation.of(evaluation, Ranking.of(evaluation, RankingMethod.weightedSum())).withJudge("openai", "gpt-4o-mini");
  }

  private static BufferedImage decode(byte[] png) throws Exception {
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).isNotNull();
    return image;
  }

  private static int row(RankedEvaluation input, String option) {
    List<RankedOption> options = input.ranking().options();
    for (int r = 0; r < options.size(); r++) {
      if (options.get(r).name().equals(option)) {
        return r;
      }
    }
    throw new AssertionError(option);
  }

  /** A pixel a quarter into the cell from its top-left corner, off the score text and the grid. */
  private static Color at(BufferedImage image, HeatmapPng.Layout l, int row, int column) {
    return new Color(image.getRGB(l.x(column) + 3, l.y(row) + l.cellHeight() - 3));
  }

  @Test
  void eachCellIsColouredByItsScoreWithCostReversedAndEveryStateDistinct() throws Exception {
    RankedEvaluation input = input(ReportFixtures.threeByThree());
    HeatmapPng.Layout l = HeatmapPng.layout(input);

    BufferedImage image = decode(HeatmapPng.render(input));

    assertThat(image.getWidth()).isEqualTo(l.width());
    assertThat(image.getHeight()).isEqualTo(l.height());
    Color betaSpeed = at(image, l, row(input, "Beta"), 0); // 9 on a benefit criterion: green
    assertThat(betaSpeed.getGreen()).isGreaterThan(betaSpeed.getRed() + 40);
    Color gammaSpeed = at(image, l, row(input, "Gamma"), 0); // 4: orange, redder than green
    assertThat(gammaSpeed.getRed()).isGreaterThan(gammaSpeed.getGreen());
    Color alphaPrice = at(image, l, row(input, "Alpha"), 1); // cost 3: counts as 8, green
    assertThat(alphaPrice.getGreen()).isGreaterThan(alphaPrice.getRed());
    assertThat(at(image, l, row(input, "Beta"), 1)).isEqualTo(HeatmapPng.ABSTAINED);
    assertThat(at(image, l, row(input, "Gamma"), 2)).isEqualTo(HeatmapPng.MISSING);
  }

  @Test
  void aScoreSetByHandCarriesADarkCornerMarkThatModelScoresLack() throws Exception {
    RankedEvaluation input = input(ReportFixtures.threeByThree());
    HeatmapPng.Layout l = HeatmapPng.layout(input);

    BufferedImage image = decode(HeatmapPng.render(input));

    int gamma = row(input, "Gamma");
    int alpha = row(input, "Alpha");
    int cornerX = l.x(1) + l.cellWidth() - 2;
    assertThat(new Color(image.getRGB(cornerX, l.y(gamma) + 2))).isEqualTo(HeatmapPng.HAND);
    assertThat(new Color(image.getRGB(cornerX, l.y(alpha) + 2))).isNotEqualTo(HeatmapPng.HAND);
  }

  @Test
  void aFailedCellIsHatchedSoItIsNotMistakenForAnAbstention() throws Exception {
    RankedEvaluation input = input(ReportFixtures.threeByThree());
    HeatmapPng.Layout l = HeatmapPng.layout(input);

    BufferedImage image = decode(HeatmapPng.render(input));

    int beta = row(input, "Beta");
    long hatched = 0;
    for (int dx = 1; dx < l.cellWidth(); dx++) {
      for (int dy = 1; dy < l.cellHeight(); dy++) {
        Color c = new Color(image.getRGB(l.x(2) + dx, l.y(beta) + dy));
        if (c.getRed() > 150 && c.getGreen() < 90) {
          hatched++;
        }
      }
    }
    assertThat(hatched).isGreaterThan(10);
  }

  @Test
  void aHundredByFiftyMatrixStaysLegibleAndModest() throws Exception {
    RankedEvaluation input = input(ReportFixtures.scored(100, 50));
    HeatmapPng.Layout l = HeatmapPng.layout(input);

    byte[] png = HeatmapPng.render(input);
    BufferedImage image = decode(png);

    assertThat(l.cellWidth()).isGreaterThanOrEqualTo(22);
    assertThat(l.cellHeight()).isGreaterThanOrEqualTo(16);
    assertThat(image.getWidth()).isLessThan(3_000);
    assertThat(image.getHeight()).isLessThan(3_000);
    assertThat(png.length).isLessThan(2_000_000);
  }

  @Test
  void sampledScoresAndHostileNamesRenderWithoutError() throws Exception {
    Evaluation evaluation = ReportFixtures.threeByThree()
        .withJudgment("Gamma", "Support", new Judgment.Scored(6, "varied", 0.7, 2.5, 3, false));

    assertThat(decode(HeatmapPng.render(input(evaluation))).getWidth()).isGreaterThan(300);
  }
}
