package dev.decisionmatrix.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.engine.EvaluationStats;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.model.Measure;
import dev.decisionmatrix.model.Option;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The JSON shape of a decision and its judgments (schema version {@value #SCHEMA_VERSION}), shared
 * by {@link JsonReport} and the file store so that both agree, and usable to export and import a
 * decision. The schema is documented in {@code REPORTS.md}; in short:
 *
 * <pre>{@code
 * {"schemaVersion": 1, "topic": "...",
 *  "criteria": [{"name", "description", "weight", "direction": "benefit|cost", "rubric",
 *                "backend", "model", "temperature", "unit" (raw-valued criteria only)}],
 *  "options": [{"name", "description"}],
 *  "cells": [{"option", "criterion", "state": "scored|measured|abstained|failed|missing", ...}],
 *  "stats": {...}}
 * }</pre>
 *
 * <p>A score's unknown confidence ({@code NaN}) is written as {@code null}. Reading ignores fields
 * it does not know, so a {@link JsonReport} reads back as its evaluation. Stateless and thread-safe.
 */
public final class DecisionJson {

  /** The version of the schema this class writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private DecisionJson() {}

  /**
   * Returns the decision and its judgments as plain data: maps (in schema order), lists, strings,
   * numbers, booleans and nulls. Every cell is listed, unjudged ones with state {@code missing}.
   *
   * @param evaluation the evaluation
   * @return a new, mutable map the caller owns
   */
  public static Map<String, Object> toMap(Evaluation evaluation) {
    Decision decision = evaluation.decision();
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("schemaVersion", SCHEMA_VERSION);
    map.put("topic", decision.topic());
    List<Object> criteria = new ArrayList<>(decision.criteria().size());
    for (Criterion c : decision.criteria()) {
      Map<String, @Nullable Object> m = new LinkedHashMap<>();
      m.put("name", c.name());
      m.put("description", c.description());
      m.put("weight", c.weight());
      m.put("direction", c.direction().label());
      m.put("rubric", c.rubric());
      m.put("backend", c.backend());
      m.put("model", c.model());
      m.put("temperature", c.temperature());
      if (c.measure() != null) {
        m.put("unit", c.measure().unit());
      }
      criteria.add(m);
    }
    map.put("criteria", criteria);
    List<Object> options = new ArrayList<>(decision.options().size());
    for (Option o : decision.options()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", o.name());
      m.put("description", o.description());
      options.add(m);
    }
    map.put("options", options);
    List<Object> cells = new ArrayList<>(decision.cellCount());
    for (Evaluation.Cell cell : evaluation.cells()) {
      cells.add(cell(cell.option().name(), cell.criterion().name(), cell.judgment()));
    }
    map.put("cells", cells);
    map.put("stats", stats(evaluation.stats()));
    return map;
  }

  /**
   * Returns one cell as plain data, in the shape of the {@code cells} entries {@link #toMap} writes
   * and {@link #fromMap} reads.
   *
   * @param option the option's name
   * @param criterion the criterion's name
   * @param judgment the cell's judgment, or {@code null} if not judged
   * @return a new, mutable map the caller owns
   */
  public static Map<String, @Nullable Object> cell(String option, String criterion, @Nullable Judgment judgment) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("option", option);
    m.put("criterion", criterion);
    putJudgment(m, judgment);
    return m;
  }

  /**
   * Returns one judgment as plain data, in the shape of a cell of {@link #toMap} without its
   * {@code option} and {@code criterion}: {@code state} and the fields of that state. Other stores
   * of judgments (the persistent judgment cache) use it so that every file agrees on one shape.
   *
   * @param judgment the judgment
   * @return a new, mutable map the caller owns, e.g. {@code {"state": "scored", "score": 7.0, ...}}
   */
  public static Map<String, @Nullable Object> judgmentToMap(Judgment judgment) {
    Objects.requireNonNull(judgment, "judgment");
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    putJudgment(m, judgment);
    return m;
  }

  /**
   * Reads one judgment from plain data in the shape {@link #judgmentToMap} writes (a cell's fields;
   * others are ignored).
   *
   * @param fields the data, as Jackson reads a JSON object into a {@code Map}
   * @param where names the data in error messages, e.g. {@code cache entry 42}
   * @return the judgment, or {@code null} if its state is {@code missing} (no judgment)
   * @throws InvalidDecisionException naming the first bad field
   */
  public static @Nullable Judgment judgmentFromMap(Map<String, ?> fields, String where) {
    return judgment(JsonFields.of(fields, where));
  }

  private static void putJudgment(Map<String, @Nullable Object> m, @Nullable Judgment judgment) {
    m.put("state", ReportText.state(judgment));
    switch (judgment) {
      case null -> {}
      case Judgment.Scored s -> {
        m.put("score", s.score());
        m.put("reasoning", s.reasoning());
        m.put("confidence", nanToNull(s.confidence()));
        m.put("spread", s.spread());
        m.put("samples", s.samples());
        m.put("manual", s.manual());
      }
      case Judgment.Measured v -> {
        m.put("value", v.value());
        m.put("unit", v.unit());
        m.put("note", v.note());
      }
      case Judgment.Abstained a -> m.put("reason", a.reason());
      case Judgment.Failed f -> {
        m.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
        m.put("message", f.message());
        m.put("attempts", f.attempts());
      }
    }
  }

  private static Map<String, Object> stats(EvaluationStats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cellsJudged", s.cellsJudged());
    m.put("calls", s.calls());
    m.put("retries", s.retries());
    m.put("reasks", s.reasks());
    m.put("cacheHits", s.cacheHits());
    m.put("cacheMisses", s.cacheMisses());
    m.put("sharedCalls", s.sharedCalls());
    m.put("failed", s.failed());
    m.put("inputTokens", s.usage().inputTokens());
    m.put("outputTokens", s.usage().outputTokens());
    m.put("wallTime", s.wallTime().toString());
    m.put("cancelled", s.cancelled());
    return m;
  }

  static @Nullable Double nanToNull(double value) {
    return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
  }

  /**
   * Reads a decision and its judgments from plain data in the shape {@link #toMap} writes. Fields
   * it does not know are ignored; a cell that is not listed is not judged.
   *
   * @param map the data, as Jackson reads a JSON object into a {@code Map}
   * @return the evaluation
   * @throws InvalidDecisionException naming the first bad field, e.g. {@code cells[3].score}, or if
   *     the schema version is newer than {@value #SCHEMA_VERSION}
   */
  public static Evaluation fromMap(Map<String, ?> map) {
    JsonFields root = JsonFields.of(map, "");
    long version = root.integer("schemaVersion", SCHEMA_VERSION);
    if (version < 1 || version > SCHEMA_VERSION) {
      throw new InvalidDecisionException(
          "schemaVersion", version, "this version reads schema version " + SCHEMA_VERSION + "; upgrade Decision Matrix to read it");
    }
    Decision decision = decision(root);
    int cols = decision.criteria().size();
    @Nullable Judgment[] cells = new Judgment[decision.cellCount()];
    boolean[] seen = new boolean[cells.length];
    List<?> list = root.list("cells", List.of());
    for (int i = 0; i < list.size(); i++) {
      JsonFields cell = JsonFields.of(list.get(i), "cells[" + i + "]");
      String optionName = cell.string("option");
      String criterionName = cell.string("criterion");
      int o = decision.optionIndex(optionName);
      if (o < 0) {
        throw new InvalidDecisionException(cell.path("option"), optionName, "names no option of the decision");
      }
      int c = decision.criterionIndex(criterionName);
      if (c < 0) {
        throw new InvalidDecisionException(cell.path("criterion"), criterionName, "names no criterion of the decision");
      }
      int at = o * cols + c;
      if (seen[at]) {
        throw new InvalidDecisionException("cells[" + i + "]", optionName + " x " + criterionName, "lists a cell a second time");
      }
      seen[at] = true;
      cells[at] = judgment(cell);
    }
    List<List<@Nullable Judgment>> rows = new ArrayList<>(decision.options().size());
    for (int o = 0; o < decision.options().size(); o++) {
      rows.add(Arrays.asList(Arrays.copyOfRange(cells, o * cols, o * cols + cols)));
    }
    EvaluationStats stats = root.has("stats") ? stats(root.object("stats")) : EvaluationStats.NONE;
    return Evaluation.of(decision, rows, stats);
  }

  private static Decision decision(JsonFields root) {
    List<?> criteriaList = root.list("criteria", List.of());
    List<Criterion> criteria = new ArrayList<>(criteriaList.size());
    for (int i = 0; i < criteriaList.size(); i++) {
      JsonFields c = JsonFields.of(criteriaList.get(i), "criteria[" + i + "]");
      criteria.add(
          Criterion.builder(c.string("name"))
              .description(c.nullableString("description"))
              .weight(c.number("weight", Criterion.DEFAULT_WEIGHT))
              .direction(c.has("direction") ? Direction.parse(c.string("direction")) : Direction.BENEFIT)
              .rubric(c.nullableString("rubric"))
              .backend(c.nullableString("backend"))
              .model(c.nullableString("model"))
              .temperature(c.nullableNumber("temperature"))
              .measure(c.has("unit") ? Measure.of(c.string("unit")) : null)
              .build());
    }
    List<?> optionList = root.list("options", List.of());
    List<Option> options = new ArrayList<>(optionList.size());
    for (int i = 0; i < optionList.size(); i++) {
      JsonFields o = JsonFields.of(optionList.get(i), "options[" + i + "]");
      options.add(Option.of(o.string("name"), o.nullableString("description")));
    }
    return Decision.of(root.string("topic"), options, criteria);
  }

  private static @Nullable Judgment judgment(JsonFields cell) {
    String state = cell.string("state", "missing").strip().toLowerCase(Locale.ROOT);
    try {
      return switch (state) {
        case "scored" -> new Judgment.Scored(
            cell.number("score"),
            cell.string("reasoning", ""),
            cell.has("confidence") ? cell.number("confidence") : Double.NaN,
            cell.number("spread", 0),
            cell.smallInteger("samples", 1),
            cell.bool("manual", false));
        case "measured" -> new Judgment.Measured(cell.number("value"), cell.string("unit", ""), cell.string("note", ""));
        case "abstained" -> new Judgment.Abstained(cell.string("reason", ""));
        case "failed" -> new Judgment.Failed(kind(cell.string("kind", "unknown")), cell.string("message", ""), cell.smallInteger("attempts", 0));
        case "missing" -> null;
        default -> throw new InvalidDecisionException(cell.path("state"), state, "must be scored, measured, abstained, failed or missing");
      };
    } catch (IllegalArgumentException e) {
      throw new InvalidDecisionException(cell.where(), state, e.getMessage());
    }
  }

  /** Unknown kinds (from a newer writer) read as {@link LlmErrorKind#UNKNOWN}: the cell stays failed. */
  private static LlmErrorKind kind(String text) {
    try {
      return LlmErrorKind.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return LlmErrorKind.UNKNOWN;
    }
  }

  private static EvaluationStats stats(JsonFields s) {
    Duration wallTime;
    try {
      wallTime = Duration.parse(s.string("wallTime", "PT0S"));
    } catch (DateTimeParseException e) {
      throw new InvalidDecisionException(s.path("wallTime"), s.raw("wallTime"), "must be an ISO-8601 duration such as PT1.5S");
    }
    try {
      return new EvaluationStats(
          s.smallInteger("cellsJudged", 0),
          s.integer("calls", 0),
          s.integer("retries", 0),
          s.integer("reasks", 0),
          s.integer("cacheHits", 0),
          s.integer("cacheMisses", 0),
          s.integer("sharedCalls", 0),
          s.smallInteger("failed", 0),
          new TokenUsage(s.integer("inputTokens", 0), s.integer("outputTokens", 0)),
          wallTime,
          s.bool("cancelled", false));
    } catch (IllegalArgumentException e) {
      throw new InvalidDecisionException(s.where(), "stats", e.getMessage());
    }
  }

  /**
   * Writes the decision and its judgments as indented JSON ({@link #toMap}).
   *
   * @param evaluation the evaluation
   * @return the JSON text, with {@code \n} line ends
   */
  public static String write(Evaluation evaluation) {
    return writeJson(toMap(evaluation));
  }

  /**
   * Reads a decision and its judgments from JSON text, for example a file {@link #write} or {@link
   * JsonReport#render} wrote.
   *
   * @param json the JSON text
   * @return the evaluation
   * @throws InvalidDecisionException if the text is not JSON or breaks the schema; the message
   *     names the field or the position
   */
  public static Evaluation read(String json) {
    Objects.requireNonNull(json, "json");
    Object tree;
    try {
      tree = MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new InvalidDecisionException("json", json, "must be valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
    }
    return fromMap(asObject(tree));
  }

  private static Map<String, ?> asObject(@Nullable Object tree) {
    if (tree instanceof Map<?, ?> m) {
      Map<String, @Nullable Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(String.valueOf(k), v));
      return copy;
    }
    throw new InvalidDecisionException("json", String.valueOf(tree), "must be a JSON object at the top level");
  }

  static String writeJson(Object data) {
    try {
      return PRETTY.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("plain data failed to serialise", e);
    }
  }
}
