package dev.decisionmatrix.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a model's answer into a {@link Judgment}: strictly first (the whole text is the JSON
 * object), then leniently (JSON inside a code fence or surrounded by prose, single quotes, trailing
 * commas, a score given as a numeric string such as {@code "7"} or {@code "7/10"}).
 *
 * <p>A {@code null} score, or {@code "abstain": true}, is an abstention. A missing, non-numeric or
 * out-of-range score is rejected with an {@link InvalidAnswerException} naming the problem; it is
 * never clamped. A confidence outside 0..1 is dropped (recorded as unknown) rather than failing the
 * whole answer. Reasoning longer than {@value #MAX_REASONING} characters is cut to bound memory.
 *
 * <p>Stateless and thread-safe.
 */
public final class JudgmentParser {

  /** Longest reasoning kept, in characters. */
  public static final int MAX_REASONING = 1_000;

  private static final int MAX_CANDIDATES = 16;

  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final ObjectMapper LENIENT =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*\\s*(.*?)```", Pattern.DOTALL);
  private static final Pattern NUMERIC = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)(?:\\s*/\\s*10)?");

  private JudgmentParser() {}

  /**
   * Parses an answer.
   *
   * @param answer the model's text
   * @return a {@link Judgment.Scored} or {@link Judgment.Abstained}
   * @throws InvalidAnswerException if the text holds no valid judgment; the message says why
   */
  public static Judgment parse(String answer) {
    if (answer == null || answer.isBlank()) {
      throw new InvalidAnswerException("the answer was empty; expected a JSON object with \"score\", \"reasoning\" and \"confidence\"");
    }
    JsonNode strict = readStrict(answer.strip());
    if (strict != null && strict.isObject()) {
      return fromObject(strict);
    }
    JsonNode found = findObject(answer);
    if (found == null) {
      throw new InvalidAnswerException(
          "the answer holds no JSON object; expected {\"score\": <1-10 or null>, \"reasoning\": \"...\", \"confidence\": <0-1>}");
    }
    return fromObject(found);
  }

  /**
   * Parses a batched answer (see {@link BatchPrompt}): a JSON object {@code {"judgments": [...]}}
   * or a bare array, strictly first and then leniently as {@link #parse} does. Each entry is matched
   * to its criterion by its {@code "criterion"} number (1-based), or by its position when no entry
   * carries one, and judged on its own: an entry that is invalid, repeated or missing leaves only
   * its own criterion unusable.
   *
   * @param answer the model's text
   * @param count how many criteria the call asked about
   * @return the cells of the answer
   * @throws InvalidAnswerException if the text holds no list of judgments at all
   */
  public static BatchAnswer parseBatch(String answer, int count) {
    if (answer == null || answer.isBlank()) {
      throw new InvalidAnswerException("the answer was empty; expected {\"judgments\": [...]} with one entry per criterion");
    }
    JsonNode list = batchList(answer);
    if (list == null) {
      throw new InvalidAnswerException("the answer holds no list of judgments; expected {\"judgments\": [...]} with one entry per criterion");
    }
    Judgment[] judgments = new Judgment[count];
    String[] problems = new String[count];
    java.util.Arrays.fill(problems, "the answer has no entry for this criterion");
    boolean numbered = false;
    for (JsonNode entry : list) {
      numbered |= entry.isObject() && entry.has("criterion");
    }
    boolean[] seen = new boolean[count];
    boolean[] repeated = new boolean[count];
    int position = 0;
    for (JsonNode entry : list) {
      int index = numbered ? criterionIndex(entry) : position;
      position++;
      if (index < 0 || index >= count || !entry.isObject()) {
        continue;
      }
      if (seen[index]) {
        repeated[index] = true;
        continue;
      }
      seen[index] = true;
      try {
        judgments[index] = fromObject(entry);
        problems[index] = null;
      } catch (InvalidAnswerException invalid) {
        problems[index] = invalid.getMessage();
      }
    }
    for (int i = 0; i < count; i++) {
      if (repeated[i]) {
        judgments[i] = null;
        problems[i] = "the answer has more than one entry for this criterion";
      }
    }
    return new BatchAnswer(judgments, problems);
  }

  private static @Nullable JsonNode batchList(String answer) {
    String text = answer.strip();
    JsonNode strict = text.startsWith("[") || text.startsWith("{") ? readStrictAny(text) : null;
    JsonNode list = listIn(strict);
    if (list != null) {
      return list;
    }
    Matcher fence = FENCE.matcher(answer);
    while (fence.find()) {
      list = firstListIn(fence.group(1));
      if (list != null) {
        return list;
      }
    }
    return firstListIn(answer);
  }

  private static @Nullable JsonNode listIn(@Nullable JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isArray()) {
      return node;
    }
    JsonNode inner = node.isObject() ? node.get("judgments") : null;
    return inner != null && inner.isArray() ? inner : null;
  }

  private static @Nullable JsonNode firstListIn(String text) {
    int from = 0;
    for (int tries = 0; tries < MAX_CANDIDATES; tries++) {
      int start = nextOpening(text, from);
      if (start < 0) {
        return null;
      }
      try {
        JsonNode list = listIn(LENIENT.readTree(text.substring(start)));
        if (list != null) {
          return list;
        }
      } catch (JsonProcessingException e) {
        // nothing usable starts here; try the next bracket
      }
      from = start + 1;
    }
    return null;
  }

  private static int nextOpening(String text, int from) {
    int brace = text.indexOf('{', from);
    int bracket = text.indexOf('[', from);
    return brace < 0 ? bracket : bracket < 0 ? brace : Math.min(brace, bracket);
  }

  private static int criterionIndex(JsonNode entry) {
    JsonNode c = entry.get("criterion");
    if (c == null) {
      return -1;
    }
    if (c.isIntegralNumber()) {
      return c.asInt() - 1;
    }
    if (c.isTextual()) {
      try {
        return Integer.parseInt(c.textValue().strip()) - 1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return -1;
  }

  private static @Nullable JsonNode readStrictAny(String text) {
    try {
      return STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static @Nullable JsonNode readStrict(String text) {
    if (!text.startsWith("{")) {
      return null;
    }
    try {
      return STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Looks inside code fences first, then at every '{' in the text, for an object with a score. */
  private static @Nullable JsonNode findObject(String answer) {
    Matcher fence = FENCE.matcher(answer);
    while (fence.find()) {
      JsonNode node = firstObjectIn(fence.group(1));
      if (node != null) {
        return node;
      }
    }
    return firstObjectIn(answer);
  }

  private static @Nullable JsonNode firstObjectIn(String text) {
    JsonNode fallback = null;
    int from = 0;
    for (int tries = 0; tries < MAX_CANDIDATES; tries++) {
      int brace = text.indexOf('{', from);
      if (brace < 0) {
        break;
      }
      try {
        JsonNode node = LENIENT.readTree(text.substring(brace));
        if (node != null && node.isObject()) {
          if (node.has("score") || node.has("abstain")) {
            return node;
          }
          if (fallback == null) {
            fallback = node;
          }
        }
      } catch (JsonProcessingException e) {
        // not an object starting here; try the next brace
      }
      from = brace + 1;
    }
    return fallback;
  }

  private static Judgment fromObject(JsonNode node) {
    String reasoning = reasoning(node);
    JsonNode abstain = node.get("abstain");
    if (abstain != null && abstain.asBoolean(false)) {
      return new Judgment.Abstained(reasoning);
    }
    if (!node.has("score")) {
      throw new InvalidAnswerException("the JSON object has no \"score\" field; give a number from 1 to 10, or null to abstain");
    }
    JsonNode scoreNode = node.get("score");
    if (scoreNode.isNull()) {
      return new Judgment.Abstained(reasoning);
    }
    double score = score(scoreNode);
    if (Double.isNaN(score)) {
      return new Judgment.Abstained(reasoning);
    }
    if (!(score >= Judgment.MIN_SCORE && score <= Judgment.MAX_SCORE)) {
      throw new InvalidAnswerException(
          "\"score\" was " + format(score) + " but must be between 1 and 10 (or null to abstain)");
    }
    return Judgment.Scored.of(score, reasoning, confidence(node.get("confidence")));
  }

  /** Returns the score, or NaN for an explicit abstention written as text. */
  private static double score(JsonNode scoreNode) {
    if (scoreNode.isNumber()) {
      double value = scoreNode.doubleValue();
      if (!Double.isFinite(value)) {
        throw new InvalidAnswerException("\"score\" must be a finite number from 1 to 10");
      }
      return value;
    }
    if (scoreNode.isTextual()) {
      String text = scoreNode.textValue().strip();
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.isEmpty() || lower.equals("null") || lower.equals("n/a") || lower.equals("abstain")) {
        return Double.NaN;
      }
      Matcher m = NUMERIC.matcher(text);
      if (m.matches()) {
        return Double.parseDouble(m.group(1));
      }
      throw new InvalidAnswerException(
          "\"score\" was the text \"" + shorten(text) + "\" but must be a number from 1 to 10, or null to abstain");
    }
    throw new InvalidAnswerException("\"score\" must be a number from 1 to 10, or null to abstain, but was " + scoreNode.getNodeType().name().toLowerCase(Locale.ROOT));
  }

  private static String reasoning(JsonNode node) {
    JsonNode r = node.get("reasoning");
    if (r == null || r.isNull()) {
      return "";
    }
    String text = (r.isTextual() ? r.textValue() : r.toString()).strip();
    return text.length() <= MAX_REASONING ? text : text.substring(0, MAX_REASONING - 1) + "\u2026";
  }

  private static double confidence(@Nullable JsonNode c) {
    if (c == null || c.isNull()) {
      return Double.NaN;
    }
    double value = c.isNumber() ? c.doubleValue() : parseOrNaN(c.asText());
    return value >= 0 && value <= 1 ? value : Double.NaN;
  }

  private static double parseOrNaN(String text) {
    try {
      return Double.parseDouble(text.strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }

  private static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 39) + "\u2026";
  }
}
