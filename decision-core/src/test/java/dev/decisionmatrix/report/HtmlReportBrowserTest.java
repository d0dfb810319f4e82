package dev.decisionmatrix.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.rank.Ranking;
import dev.decisionmatrix.rank.RankingMethod;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the HTML report in a real headless Chromium: the page renders (a screenshot of sensible
 * size with more than one colour), logs no console error, and fetches nothing but itself.
 */
class HtmlReportBrowserTest {

  @TempDir static Path dir;

  private static HeadlessChromium browser;

  /** Outside {@link #dir}: a helper process of the browser may still touch it as JUnit cleans up. */
  private static Path profile;

  @BeforeAll
  static void startTheBrowser() throws Exception {
    profile = Files.createTempDirectory("decision-chromium-profile-");
    browser = HeadlessChromium.start(profile);
  }

  @AfterAll
  static void stopTheBrowser() throws Exception {
    if (browser != null) {
      browser.close();
    }
    try (java.util.stream.Stream<Path> files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // a leftover browser profile in the temporary directory is harmless
    }
  }

  private static URI write(String name, String html) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, html, StandardCharsets.UTF_8);
    return file.toUri();
  }

  private static BufferedImage decode(byte[] png) throws Exception {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).as("the screenshot decodes as an image").isNotNull();
    return image;
  }

  private static int colours(BufferedImage image) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        seen.add(image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    return seen.size();
  }

  @Test
  void theFullReportRendersInChromiumWithoutConsoleErrorsOrNetworkFetches() throws Exception {
    Evaluation evaluation = ReportFixtures.threeByThree()
        .withJudgment("Gamma", "Support", new Judgment.Scored(6, "varied answers", 0.7, 2.5, 3, false));
    RankedEvaluation input = RankedEvaluation.of(evaluation, Ranking.of(evaluation, RankingMethod.weightedSum()))
        .withJudge("openai", "gpt-4o-mini")
        .analyzed(RankingMethod.weightedSum())
        .withReasoning(true);
    URI page = write("report.html", HtmlReport.render(input));

    HeadlessChromium.PageLoad load = browser.load(page);

    assertThat(load.consoleErrors()).as("console errors, CSP violations and uncaught exceptions").isEmpty();
    assertThat(load.requests()).as("requests the page made (only itself: it is self-contained)").containsExactly(page.toString());
    BufferedImage shot = decode(load.screenshot());
    assertThat(shot.getWidth()).isEqualTo(1280);
    assertThat(shot.getHeight()).isBetween(600, 20_000);
    assertThat(colours(shot)).as("distinct colours in the screenshot (text, bars, a coloured matrix)").isGreaterThan(20);
  }

  @Test
  void aLargeReportRendersInChromiumWithoutConsoleErrors() throws Exception {
    Evaluation evaluation = ReportFixtures.scored(40, 12);
    RankedEvaluation input = RankedEvaluation.of(evaluation, Ranking.of(evaluation, RankingMethod.topsis()))
        .analyzed(RankingMethod.topsis());

    HeadlessChromium.PageLoad load = browser.load(write("large.html", HtmlReport.render(input)));

    assertThat(load.consoleErrors()).isEmpty();
    assertThat(load.requests()).hasSize(1);
    assertThat(decode(load.screenshot()).getHeight()).isGreaterThan(900);
  }

  @Test
  void theBrowserCheckCatchesAConsoleErrorAnExceptionAndAFetch() throws Exception {
    // The check must be able to fail: a page that logs, throws and fetches is caught on all three.
    URI page = write("broken.html", """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title></head><body>
        <p>broken</p><img src="http://127.0.0.1:9/pixel.png" alt="">
        <script>console.error("logged on purpose"); throw new Error("thrown on purpose");</script>
        </body></html>
        """);

    HeadlessChromium.PageLoad load = browser.load(page);

    assertThat(String.join("\n", load.consoleErrors())).contains("logged on purpose", "thrown on purpose");
    assertThat(load.requests()).contains("http://127.0.0.1:9/pixel.png");
  }
}
