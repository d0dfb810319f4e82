package dev.decisionmatrix.engine;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.InvalidDecisionException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/** What an evaluation will do: which cells it judges and who judges each criterion. */
final class EvaluationPlan {

  private EvaluationPlan() {}

  /**
   * Returns the indexes of the cells an evaluation judges; hand-set scores are never re-judged and
   * raw-valued criteria are never judged at all.
   */
  static int[] scope(Evaluation start, Scope scope) {
    int cols = start.decision().criteria().size();
    boolean[] measured = new boolean[cols];
    for (int c = 0; c < cols; c++) {
      measured[c] = start.decision().criteria().get(c).isMeasured();
    }
    return IntStream.range(0, start.decision().cellCount())
        .filter(
            i -> {
              Judgment j = start.judgment(i / cols, i % cols);
              if (measured[i % cols] || j != null && j.isManual()) {
                return false;
              }
              return switch (scope) {
                case MISSING -> j == null || j instanceof Judgment.Failed;
                case FAILED -> j instanceof Judgment.Failed;
                case ALL -> true;
              };
            })
        .toArray();
  }

  /**
   * Resolves who judges each criterion: its own named backend (the evaluation's, then the
   * engine's), else the evaluation's backend, else the engine's default; likewise model and
   * temperature. A named backend's calls, limit and cache entries go under its name, unless its id
   * refines that name (see {@link #idOf}).
   */
  static JudgeTarget[] targets(
      Decision decision,
      EvaluationOptions options,
      LlmBackend defaultBackend,
      Map<String, LlmBackend> namedBackends,
      @Nullable String defaultModel,
      @Nullable Double defaultTemperature) {
    JudgeTarget[] targets = new JudgeTarget[decision.criteria().size()];
    for (int c = 0; c < targets.length; c++) {
      Criterion criterion = decision.criteria().get(c);
      LlmBackend backend = options.backend() != null ? options.backend() : defaultBackend;
      String backendId = backend.id();
      if (criterion.backend() != null) {
        String name = criterion.backend().toLowerCase(Locale.ROOT);
        backend = options.backends().getOrDefault(name, namedBackends.get(name));
        if (backend == null) {
          Set<String> known = new TreeSet<>(namedBackends.keySet());
          known.addAll(options.backends().keySet());
          throw new InvalidDecisionException(
              "criteria[" + c + "].backend",
              criterion.backend(),
              "no backend is registered under this name; known backends: "
                  + (known.isEmpty() ? "(none: remove the override)" : String.join(", ", known)));
        }
        backendId = idOf(name, backend);
      }
      String model = firstNonNull(criterion.model(), options.model(), defaultModel, backend.defaultModel());
      Double temperature = criterion.temperature() != null ? criterion.temperature()
          : options.temperature() != null ? options.temperature() : defaultTemperature;
      targets[c] = new JudgeTarget(criterion, backend, backendId, model, temperature);
    }
    return targets;
  }

  /**
   * Returns the id a backend registered under a name is known by: its own id when that is the name
   * or refines it ({@code sampling:claude-desktop:3} under {@code sampling}, so each MCP client's
   * sampling has its own limit and cache entries while criteria still name it {@code sampling}),
   * else the name, so two backends registered under different names never share, whatever their
   * ids.
   */
  static String idOf(String name, LlmBackend backend) {
    String id = backend.id();
    return id.equals(name) || id.startsWith(name + ":") ? id : name;
  }

  @SafeVarargs
  private static <T> @Nullable T firstNonNull(@Nullable T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
