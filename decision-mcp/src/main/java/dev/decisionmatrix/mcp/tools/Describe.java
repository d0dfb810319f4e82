package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Direction;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Turns sessions, criteria and judgments into the text and maps tools answer with. */
final class Describe {

  private static final int MAX_REASONING_IN_TEXT = 240;

  private Describe() {}

  /** Formats a score: "7", "7.5", "7.25". */
  static String score(double score) {
    if (score == Math.rint(score)) {
      return String.valueOf((long) score);
    }
    String s = String.format(Locale.ROOT, "%.2f", score);
    return s.endsWith("0") ? s.substring(0, s.length() - 1) : s;
  }

  /** Formats a weight: "1", "2.5". */
  static String weight(double weight) {
    return score(weight);
  }

  /**
   * Describes a judgment in one line.
   *
   * @param judgment the judgment, or {@code null} for a cell not judged yet
   * @return e.g. "7.5/10: reasoning", "abstained: reason", "FAILED (rate_limited, 4 attempts): message"
   */
  static String judgment(@Nullable Judgment judgment) {
    return switch (judgment) {
      case null -> "not judged yet";
      case Judgment.Scored s when s.manual() ->
          score(s.score()) + "/10 (set by hand)" + (s.reasoning().isBlank() ? "" : ": " + shorten(s.reasoning(), MAX_REASONING_IN_TEXT));
      case Judgment.Scored s -> score(s.score()) + "/10" + (s.reasoning().isBlank() ? "" : ": " + shorten(s.reasoning(), MAX_REASONING_IN_TEXT));
      case Judgment.Measured v -> v.display() + " (entered by hand)" + (v.note().isBlank() ? "" : ": " + shorten(v.note(), MAX_REASONING_IN_TEXT));
      case Judgment.Abstained a -> "abstained" + (a.reason().isBlank() ? "" : ": " + shorten(a.reason(), MAX_REASONING_IN_TEXT));
      case Judgment.Failed f ->
          "FAILED (" + kind(f.kind()) + ", " + f.attempts() + (f.attempts() == 1 ? " attempt" : " attempts") + "): " + shorten(f.message(), MAX_REASONING_IN_TEXT);
    };
  }

  /** Describes a judgment in a few words: "7.5/10", "abstained", "failed (timeout)". */
  static String brief(@Nullable Judgment judgment) {
    return switch (judgment) {
      case null -> "not judged";
      case Judgment.Scored s -> score(s.score()) + "/10" + (s.manual() ? " (set by hand)" : "");
      case Judgment.Measured v -> v.display();
      case Judgment.Abstained a -> "abstained";
      case Judgment.Failed f -> "failed (" + kind(f.kind()) + ")";
    };
  }

  /**
   * Returns a judgment as a map: {@code status} (scored, abstained, failed, not_judged), then the
   * fields of that status.
   */
  static Map<String, Object> judgmentMap(@Nullable Judgment judgment) {
    Map<String, Object> m = JsonMaps.map();
    switch (judgment) {
      case null -> m.put("status", "not_judged");
      case Judgment.Scored s -> {
        m.put("status", "scored");
        m.put("score", s.score());
        m.put("reasoning", s.reasoning());
        JsonMaps.putIfPresent(m, "confidence", JsonMaps.num(s.confidence()));
        if (s.samples() > 1) {
          m.put("samples", s.samples());
          m.put("spread", s.spread());
        }
        m.put("manual", s.manual());
      }
      case Judgment.Measured v -> {
        m.put("status", "measured");
        m.put("value", v.unit().equals(dev.decisionmatrix.model.Measure.YES_NO) ? (Object) (v.value() == 1) : (Object) v.value());
        m.put("unit", v.unit());
        if (!v.note().isBlank()) {
          m.put("note", v.note());
        }
        m.put("manual", true);
      }
      case Judgment.Abstained a -> {
        m.put("status", "abstained");
        m.put("reason", a.reason());
      }
      case Judgment.Failed f -> {
        m.put("status", "failed");
        m.put("error_kind", kind(f.kind()));
        m.put("message", f.message());
        m.put("attempts", f.attempts());
      }
    }
    return m;
  }

  static String kind(Enum<?> kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** Describes a criterion in one line: "Cost (weight 2, cost; judged by openai)". */
  static String criterion(Criterion c) {
    StringBuilder b = new StringBuilder(c.name()).append(" (weight ").append(weight(c.weight()));
    if (c.direction() == Direction.COST) {
      b.append(", cost: lower is better");
    }
    if (c.backend() != null || c.model() != null) {
      b.append("; judged by ").append(c.backend() != null ? c.backend() : "the session's backend");
      if (c.model() != null) {
        b.append(" / ").append(c.model());
      }
    }
    if (c.temperature() != null) {
      b.append("; temperature ").append(score(c.temperature()));
    }
    if (c.measure() != null) {
      b.append("; raw values in ").append(c.measure().unit().isEmpty() ? "no unit" : c.measure().unit());
    }
    return b.append(')').toString();
  }

  /** Returns a criterion as a map. */
  static Map<String, Object> criterionMap(Criterion c) {
    Map<String, Object> m = JsonMaps.map();
    m.put("name", c.name());
    m.put("description", c.description());
    m.put("weight", c.weight());
    m.put("direction", c.direction().label());
    m.put("rubric", c.rubric());
    JsonMaps.putIfPresent(m, "model_backend", c.backend());
    JsonMaps.putIfPresent(m, "model_name", c.model());
    JsonMaps.putIfPresent(m, "temperature", c.temperature());
    m.put("kind", c.isMeasured() ? "value" : "judged");
    if (c.measure() != null) {
      m.put("unit", c.measure().unit());
    }
    return m;
  }

  /** Returns the session's judging settings as a map (absent values are left out). */
  static Map<String, Object> settingsMap(SessionSettings s) {
    Map<String, Object> m = JsonMaps.map();
    JsonMaps.putIfPresent(m, "model_backend", s.backend());
    JsonMaps.putIfPresent(m, "model_name", s.model());
    JsonMaps.putIfPresent(m, "temperature", s.temperature());
    return m;
  }

  /** Returns a session's summary as a map: id, topic, options, criteria, cell counts, settings, times. */
  static Map<String, Object> sessionMap(Session s) {
    Decision d = s.decision();
    Map<String, Object> m = JsonMaps.map();
    m.put("session_id", s.id());
    m.put("topic", d.topic());
    m.put("options", d.options().stream().map(o -> o.name()).toList());
    m.put("criteria", d.criteria().stream().map(Describe::criterionMap).toList());
    m.put("cells", countsMap(s.evaluation()));
    m.put("settings", settingsMap(s.settings()));
    m.put("created_at", s.createdAt().toString());
    m.put("last_used_at", s.lastUsedAt().toString());
    return m;
  }

  /** Returns the cell counts of an evaluation as a map. */
  static Map<String, Object> countsMap(Evaluation e) {
    Evaluation.Counts c = e.counts();
    Map<String, Object> m = JsonMaps.map();
    m.put("total", c.total());
    m.put("scored", c.scored());
    m.put("abstained", c.abstained());
    m.put("failed", c.failed());
    m.put("missing", c.missing());
    return m;
  }

  /** Describes a session in a few lines. */
  static String session(Session s) {
    Decision d = s.decision();
    Evaluation.Counts c = s.evaluation().counts();
    List<String> lines = new ArrayList<>();
    lines.add("Session " + s.id() + ": " + d.topic());
    lines.add("  Options (" + d.options().size() + "): " + (d.options().isEmpty() ? "none yet" : String.join(", ", d.options().stream().map(o -> o.name()).toList())));
    lines.add("  Criteria (" + d.criteria().size() + "): "
        + (d.criteria().isEmpty() ? "none yet" : String.join(", ", d.criteria().stream().map(Describe::criterion).toList())));
    lines.add("  Cells: " + c.total() + " (" + c.scored() + " scored, " + c.abstained() + " abstained, " + c.failed() + " failed, " + c.missing() + " not judged)");
    lines.add("  Last used: " + s.lastUsedAt());
    return String.join("\n", lines);
  }

  /** Shortens text to one line of at most {@code max} characters. */
  static String shorten(String text, int max) {
    String one = text.replaceAll("\\s+", " ").strip();
    return one.length() <= max ? one : one.substring(0, max - 1) + "\u2026";
  }

  /** Formats a numbered list of next steps. */
  static String nextSteps(List<String> steps) {
    if (steps.isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("\n\nNext steps:");
    for (int i = 0; i < steps.size(); i++) {
      b.append("\n").append(i + 1).append(". ").append(steps.get(i));
    }
    return b.toString();
  }
}
