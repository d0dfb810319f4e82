package dev.decisionmatrix.report;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.rank.RankedOption;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * Renders the matrix as a PNG heatmap: options (rows, in rank order) by criteria (columns), each
 * scored cell coloured from red (worst) through yellow to green (best; a cost criterion's scale is
 * reversed) with its score written in it where it fits. A score set by hand carries a dark corner
 * mark; an abstention is grey with a dash, a failure hatched red, a cell not judged yet white with
 * a dot. A legend under the matrix explains the colours and marks. Drawn with {@code java.awt} on
 * an image in memory, so it needs no display. Stateless and thread-safe.
 */
public final class HeatmapPng {

  /** The corner mark of a score set by hand. */
  static final Color HAND = new Color(0x1f, 0x23, 0x28);
  static final Color ABSTAINED = new Color(0xea, 0xee, 0xf2);
  static final Color FAILED = new Color(0xff, 0xeb, 0xe9);
  static final Color MISSING = Color.WHITE;
  static final Color MEASURED = new Color(0xdd, 0xf4, 0xff);
  private static final Color GRID = new Color(0xd0, 0xd7, 0xde);
  private static final Color TEXT = new Color(0x1f, 0x23, 0x28);
  private static final Color MUTED = new Color(0x57, 0x60, 0x6a);
  private static final int LABEL_CHARS = 36;

  /** Where the cells lie: the top-left corner of the matrix and the size of one cell, in pixels. */
  record Layout(int left, int top, int cellWidth, int cellHeight, int width, int height) {

    int x(int column) {
      return left + column * cellWidth;
    }

    int y(int row) {
      return top + row * cellHeight;
    }
  }

  private HeatmapPng() {}

  /**
   * Renders the heatmap.
   *
   * @param input the evaluation, its ranking (which gives the row order) and its judge
   * @return the PNG image's bytes
   */
  public static byte[] render(RankedEvaluation input) {
    Layout layout = layout(input);
    BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      draw(g, input, layout);
    } finally {
      g.dispose();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("could not encode the heatmap as PNG", e);
    }
    return out.toByteArray();
  }

  /** The layout for a matrix of this size: cells shrink (to a legible minimum) as the matrix grows. */
  static Layout layout(RankedEvaluation input) {
    int rows = Math.max(1, input.ranking().options().size());
    int cols = Math.max(1, input.decision().criteria().size());
    int cellWidth = Math.clamp(1_400 / cols, 22, 56);
    int cellHeight = Math.clamp(1_800 / rows, 16, 30);
    int left = 16 + 8 * Math.min(LABEL_CHARS + 4, longest(input.ranking().options().stream().map(RankedOption::name).toList()) + 4);
    int header = 16 + 7 * Math.min(LABEL_CHARS, longest(input.decision().criteria().stream().map(Criterion::name).toList()) + 10);
    int top = 40 + Math.min(header, 300);
    int width = Math.max(left + cols * cellWidth + 16, 560);
    int height = top + rows * cellHeight + 110;
    return new Layout(left, top, cellWidth, cellHeight, width, height);
  }

  private static int longest(List<String> names) {
    return names.stream().mapToInt(String::length).max().orElse(1);
  }

  private static void draw(Graphics2D g, RankedEvaluation input, Layout l) {
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, l.width(), l.height());
    Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    g.setFont(base.deriveFont(Font.BOLD, 15f));
    g.setColor(TEXT);
    g.drawString(shorten(input.decision().topic(), 90), 8, 20);
    g.setFont(base);
    g.setColor(MUTED);
    g.drawString("ranked by " + input.ranking().method() + "; judge: " + input.judgeText(), 8, 36);

    List<Criterion> criteria = input.decision().criteria();
    g.setColor(TEXT);
    for (int c = 0; c < criteria.size(); c++) {
      Criterion criterion = criteria.get(c);
      String label = shorten(criterion.name(), LABEL_CHARS) + (criterion.direction() == Direction.COST ? " (cost)" : "");
      AffineTransform saved = g.getTransform();
      g.translate(l.x(c) + l.cellWidth() / 2 + 4, l.top() - 6);
      g.rotate(-Math.PI / 2);
      g.drawString(label, 0, 0);
      g.setTransform(saved);
    }
    Font cellFont = base.deriveFont(Font.PLAIN, (float) Math.min(12, l.cellHeight() - 5));
    List<RankedOption> options = input.ranking().options();
    for (int r = 0; r < options.size(); r++) {
      RankedOption option = options.get(r);
      g.setFont(base);
      g.setColor(TEXT);
      FontMetrics fm = g.getFontMetrics();
      int baseline = l.y(r) + (l.cellHeight() + fm.getAscent() - fm.getDescent()) / 2;
      g.drawString(ReportText.rank(option) + ". " + shorten(option.name(), LABEL_CHARS), 8, baseline);
      g.setFont(cellFont);
      for (int c = 0; c < criteria.size(); c++) {
        cell(g, input.judgment(option, c), criteria.get(c).direction(), l.x(c), l.y(r), l.cellWidth(), l.cellHeight());
      }
    }
    legend(g, base, l, l.top() + options.size() * l.cellHeight() + 20);
  }

  private static void cell(Graphics2D g, @Nullable Judgment judgment, Direction direction, int x, int y, int w, int h) {
    String text;
    Color fill;
    switch (judgment) {
      case null -> {
        fill = MISSING;
        text = "\u00b7";
      }
      case Judgment.Scored s -> {
        fill = heat(direction == Direction.COST ? 11 - s.score() : s.score());
        text = w >= 28 ? ReportText.oneDecimal(s.score()) : "";
      }
      case Judgment.Measured v -> {
        // A raw value has no place on the 1-10 scale of its own: shown as entered, on a neutral fill.
        fill = MEASURED;
        text = w >= 28 ? v.display() : "";
      }
      case Judgment.Abstained a -> {
        fill = ABSTAINED;
        text = "\u2013";
      }
      case Judgment.Failed f -> {
        fill = FAILED;
        text = "!";
      }
    }
    g.setColor(fill);
    g.fillRect(x, y, w, h);
    if (judgment instanceof Judgment.Failed) {
      g.setColor(new Color(0xcf, 0x22, 0x2e));
      g.setClip(x, y, w, h);
      for (int d = -h; d < w; d += 6) {
        g.drawLine(x + d, y + h, x + d + h, y);
      }
      g.setClip(null);
    }
    g.setColor(GRID);
    g.drawRect(x, y, w, h);
    if (judgment != null && judgment.isManual()) {
      g.setColor(HAND);
      int mark = Math.max(6, h / 3);
      g.fillPolygon(new int[] {x + w - mark, x + w, x + w}, new int[] {y, y, y + mark}, 3);
    }
    if (!text.isEmpty()) {
      g.setColor(TEXT);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(text, x + (w - fm.stringWidth(text)) / 2, y + (h + fm.getAscent() - fm.getDescent()) / 2);
    }
  }

  private static void legend(Graphics2D g, Font base, Layout l, int y) {
    g.setFont(base);
    g.setColor(TEXT);
    g.drawString("score (on a cost criterion, less cost is greener):", 8, y + 12);
    int x = 8;
    int top = y + 20;
    for (int s = 1; s <= 10; s++) {
      g.setColor(heat(s));
      g.fillRect(x, top, 24, 16);
      g.setColor(TEXT);
      g.drawString(Integer.toString(s), x + 8 - (s == 10 ? 3 : 0), top + 30);
      x += 24;
    }
    int key = top + 50;
    x = 8;
    x = swatch(g, x, key, Color.WHITE, true, "set by hand");
    x = swatch(g, x, key, ABSTAINED, false, "\u2013 abstained");
    x = swatch(g, x, key, FAILED, false, "! failed");
    swatch(g, x, key, MISSING, false, "\u00b7 not judged yet");
  }

  private static int swatch(Graphics2D g, int x, int y, Color fill, boolean hand, String label) {
    g.setColor(fill);
    g.fillRect(x, y, 18, 14);
    g.setColor(GRID);
    g.setStroke(new BasicStroke(1));
    g.drawRect(x, y, 18, 14);
    if (hand) {
      g.setColor(HAND);
      g.fillPolygon(new int[] {x + 12, x + 18, x + 18}, new int[] {y, y, y + 6}, 3);
    }
    g.setColor(TEXT);
    g.drawString(label, x + 24, y + 12);
    return x + 30 + g.getFontMetrics().stringWidth(label) + 16;
  }

  /**
   * The colour of a benefit-oriented score in 1..10: the HTML report's hue scale, red (1) through
   * yellow to green (10), at saturation 65 % and lightness 70 %.
   */
  static Color heat(double good) {
    double hue = Math.clamp((good - 1) / 9, 0, 1) * 120;
    return hsl(hue, 0.65, 0.70);
  }

  private static Color hsl(double hue, double saturation, double lightness) {
    double chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
    double h = hue / 60;
    double second = chroma * (1 - Math.abs(h % 2 - 1));
    double r = 0;
    double g = 0;
    double b = 0;
    if (h < 1) {
      r = chroma;
      g = second;
    } else if (h < 2) {
      r = second;
      g = chroma;
    } else {
      g = chroma;
      b = second;
    }
    double m = lightness - chroma / 2;
    return new Color((float) (r + m), (float) (g + m), (float) (b + m));
  }

  private static String shorten(String text, int max) {
    String clean = ReportText.defuseBidi(text).replace('\n', ' ').replace('\r', ' ');
    if (clean.length() <= max) {
      return clean;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(clean.charAt(end - 1))) {
      end--;
    }
    return clean.substring(0, end) + "\u2026";
  }
}
