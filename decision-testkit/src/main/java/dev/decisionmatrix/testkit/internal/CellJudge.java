package dev.decisionmatrix.testkit.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.decisionmatrix.testkit.SimMessage;
import dev.decisionmatrix.testkit.SimRequest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The default judge: a deterministic, valid JSON judgment derived from a stable hash of the
 * option and criterion names, so tests can predict every score.
 */
public final class CellJudge {

  /** The text of the prose fault. */
  public static final String PROSE = "I think it's pretty good, maybe a seven.";

  private static final Pattern OPTION = block("option_name");
  private static final Pattern NUMBERED =
      Pattern.compile("(?m)^Criterion (\\d+) \\((?:benefit|cost)\\):\n<data name=\"criterion_name\">\n(.*?)\n</data>", Pattern.DOTALL);
  private static final Pattern CRITERION = block("criterion_name");

  private CellJudge() {}

  private static Pattern block(String name) {
    return Pattern.compile("<data name=\"" + name + "\">\n(.*?)\n</data>", Pattern.DOTALL);
  }

  /** Returns the option name in the first user message, or null. */
  public static @Nullable String option(List<SimMessage> messages) {
    return find(OPTION, firstUser(messages));
  }

  /** Returns the criterion name in the first user message, or null. */
  public static @Nullable String criterion(List<SimMessage> messages) {
    return find(CRITERION, firstUser(messages));
  }

  private static String firstUser(List<SimMessage> messages) {
    for (SimMessage m : messages) {
      if (m.role().equals("user")) {
        return m.text();
      }
    }
    return "";
  }

  private static @Nullable String find(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(1) : null;
  }

  private static byte[] cellDigest(String option, String criterion) {
    return Hashing.sha256(option + "\u0000" + criterion);
  }

  /** Score 1.0 to 10.0 in steps of 0.1 from a digest. */
  private static double score(byte[] digest) {
    long bucket = Long.remainderUnsigned(Hashing.longAt(digest, 0), 91);
    // (10 + bucket) / 10.0 is the double nearest the decimal, so 7.3 prints as 7.3.
    return (10 + bucket) / 10.0;
  }

  /** Confidence 0.50 to 1.00 in steps of 0.01 from a digest. */
  private static double confidence(byte[] digest) {
    long bucket = Long.remainderUnsigned(Hashing.longAt(digest, 8), 51);
    return (50 + bucket) / 100.0;
  }

  /** Returns the score the default judge gives a cell. */
  public static double expectedScore(String option, String criterion) {
    return score(cellDigest(option, criterion));
  }

  /** Returns the confidence the default judge gives a cell. */
  public static double expectedConfidence(String option, String criterion) {
    return confidence(cellDigest(option, criterion));
  }

  /** Returns the answer text (a JSON object) the default judge gives a cell. */
  public static String expectedAnswer(String option, String criterion) {
    byte[] digest = cellDigest(option, criterion);
    double score = score(digest);
    String reasoning =
        "Simulated judgment: option '" + option + "' rates " + score + " out of 10 on criterion '"
            + criterion + "'. The loopback simulator derives this from a stable hash of the option"
            + " and the criterion, so every run agrees.";
    return judgment(score, reasoning, confidence(digest));
  }

  /** Returns the numbered criteria of a batched user message, in order; empty for any other text. */
  public static List<String> batchCriteria(String userText) {
    if (!userText.contains("Criterion 1 (")) {
      return List.of();
    }
    List<String> names = new java.util.ArrayList<>();
    Matcher m = NUMBERED.matcher(userText);
    while (m.find()) {
      names.add(m.group(2));
    }
    return List.copyOf(names);
  }

  /**
   * Returns the answer the default judge gives a batched request: {@code {"judgments": [...]}} with
   * one entry per criterion, numbered from 1, each with the score and confidence of {@link
   * #expectedAnswer} and a one-sentence reasoning.
   */
  public static String batchAnswer(String option, List<String> criteria) {
    ObjectNode root = Json.object();
    var list = root.putArray("judgments");
    for (int i = 0; i < criteria.size(); i++) {
      String criterion = criteria.get(i);
      byte[] digest = cellDigest(option, criterion);
      ObjectNode o = list.addObject();
      o.put("criterion", i + 1);
      o.put("score", score(digest));
      o.put("reasoning", "Simulated: '" + option + "' rates " + score(digest) + " on '" + criterion + "'.");
      o.put("confidence", confidence(digest));
    }
    return Json.text(root);
  }

  /** Answers a request: the cell's judgment, a batched request's judgments, or for a request
   * without cell blocks a judgment derived from the last user message. */
  public static String answer(SimRequest request) {
    String option = request.option();
    List<String> criteria = request.criteria();
    if (option != null && !criteria.isEmpty()) {
      return batchAnswer(option, criteria);
    }
    String criterion = request.criterion();
    if (option != null && criterion != null) {
      return expectedAnswer(option, criterion);
    }
    byte[] digest = Hashing.sha256(request.lastUserText());
    return judgment(
        score(digest),
        "Simulated judgment of a request without option and criterion blocks, derived from a"
            + " stable hash of the last user message.",
        confidence(digest));
  }

  /** Returns a well-formed judgment whose score is out of range (14). */
  public static String outOfRange() {
    return judgment(
        14, "Simulated fault: this score is deliberately outside the range from 1 to 10.", 0.9);
  }

  private static String judgment(double score, String reasoning, double confidence) {
    ObjectNode o = Json.object();
    if (score == Math.rint(score) && score > 10) {
      o.put("score", (long) score);
    } else {
      o.put("score", score);
    }
    o.put("reasoning", reasoning);
    o.put("confidence", confidence);
    return Json.text(o);
  }
}
