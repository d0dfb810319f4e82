package dev.decisionmatrix.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A decision to make: a topic, the options to compare and the weighted criteria to compare them on.
 * Immutable; every edit returns a new decision. Names are unique case-insensitively within options
 * and within criteria, and lookups by name ignore case.
 *
 * <p>A decision may have no options or no criteria while it is being built; evaluating needs at
 * least one of each.
 *
 * @param topic the question being decided, e.g. "Which cloud provider for our EU workloads?"
 * @param options the alternatives, in display order
 * @param criteria the yardsticks, in display order
 */
public record Decision(String topic, List<Option> options, List<Criterion> criteria) {

  /**
   * Validates the decision.
   *
   * @throws InvalidDecisionException if the topic is blank, a list or element is missing, or two
   *     names collide
   */
  public Decision {
    topic = Text.required("topic", topic);
    if (options == null) {
      throw new InvalidDecisionException("options", null, "a list is required (it may be empty)");
    }
    if (criteria == null) {
      throw new InvalidDecisionException("criteria", null, "a list is required (it may be empty)");
    }
    options = copyWithoutNulls("options", options);
    criteria = copyWithoutNulls("criteria", criteria);
    unique("options", options.stream().map(Option::name).toList());
    unique("criteria", criteria.stream().map(Criterion::name).toList());
  }

  private static <T> List<T> copyWithoutNulls(String field, List<T> list) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == null) {
        throw new InvalidDecisionException(field + "[" + i + "]", null, "must not be null");
      }
    }
    return List.copyOf(list);
  }

  private static void unique(String field, List<String> names) {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      Integer earlier = seen.putIfAbsent(key(names.get(i)), i);
      if (earlier != null) {
        throw new InvalidDecisionException(
            field + "[" + i + "].name",
            names.get(i),
            "duplicates " + field + "[" + earlier + "] \"" + names.get(earlier)
                + "\" (names are compared case-insensitively); choose another name");
      }
    }
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Creates a decision with the given parts.
   *
   * @param topic the question being decided
   * @param options the alternatives
   * @param criteria the yardsticks
   * @return the decision
   * @throws InvalidDecisionException if a rule is broken
   */
  public static Decision of(String topic, List<Option> options, List<Criterion> criteria) {
    return new Decision(topic, options, criteria);
  }

  /**
   * Starts a builder that checks the {@link DecisionLimits#DEFAULTS default limits} on build.
   *
   * @param topic the question being decided
   * @return the builder
   */
  public static Builder builder(String topic) {
    return new Builder(topic);
  }

  /** Returns the number of cells (options x criteria). */
  public int cellCount() {
    return options.size() * criteria.size();
  }

  /**
   * Finds an option by name, ignoring case and surrounding blanks.
   *
   * @param name the name to look up
   * @return its index, or -1 if there is none
   */
  public int optionIndex(String name) {
    String k = key(name);
    for (int i = 0; i < options.size(); i++) {
      if (key(options.get(i).name()).equals(k)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Finds a criterion by name, ignoring case and surrounding blanks.
   *
   * @param name the name to look up
   * @return its index, or -1 if there is none
   */
  public int criterionIndex(String name) {
    String k = key(name);
    for (int i = 0; i < criteria.size(); i++) {
      if (key(criteria.get(i).name()).equals(k)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Returns the option with this name.
   *
   * @throws InvalidDecisionException if there is none; the message lists the known names
   */
  public Option option(String name) {
    return options.get(requireOption(name));
  }

  /**
   * Returns the criterion with this name.
   *
   * @throws InvalidDecisionException if there is none; the message lists the known names
   */
  public Criterion criterion(String name) {
    return criteria.get(requireCriterion(name));
  }

  private int requireOption(String name) {
    int i = name == null ? -1 : optionIndex(name);
    if (i < 0) {
      throw new InvalidDecisionException(
          "option", name, "no such option; known options: " + names(options.stream().map(Option::name).toList()));
    }
    return i;
  }

  private int requireCriterion(String name) {
    int i = name == null ? -1 : criterionIndex(name);
    if (i < 0) {
      throw new InvalidDecisionException(
          "criterion",
          name,
          "no such criterion; known criteria: " + names(criteria.stream().map(Criterion::name).toList()));
    }
    return i;
  }

  private static String names(List<String> names) {
    if (names.isEmpty()) {
      return "(none yet)";
    }
    String joined = String.join(", ", names.subList(0, Math.min(20, names.size())));
    return names.size() > 20 ? joined + ", \u2026 (" + names.size() + " in all)" : joined;
  }

  /** Returns a copy with another topic. */
  public Decision withTopic(String newTopic) {
    return new Decision(newTopic, options, criteria);
  }

  /**
   * Returns a copy with one more option at the end.
   *
   * @throws InvalidDecisionException if its name collides with an existing option
   */
  public Decision withOption(Option option) {
    List<Option> list = new ArrayList<>(options);
    list.add(option);
    return new Decision(topic, list, criteria);
  }

  /**
   * Returns a copy without the named option.
   *
   * @throws InvalidDecisionException if there is no such option
   */
  public Decision withoutOption(String name) {
    List<Option> list = new ArrayList<>(options);
    list.remove(requireOption(name));
    return new Decision(topic, list, criteria);
  }

  /**
   * Returns a copy where the named option is replaced by the result of {@code edit}.
   *
   * @throws InvalidDecisionException if there is no such option or the edit breaks a rule
   */
  public Decision withOptionEdited(String name, UnaryOperator<Option> edit) {
    List<Option> list = new ArrayList<>(options);
    int i = requireOption(name);
    list.set(i, edit.apply(list.get(i)));
    return new Decision(topic, list, criteria);
  }

  /**
   * Returns a copy where an option is renamed.
   *
   * @throws InvalidDecisionException if there is no such option or the new name collides
   */
  public Decision withOptionRenamed(String name, String newName) {
    return withOptionEdited(name, o -> o.withName(newName));
  }

  /**
   * Returns a copy with one more criterion at the end.
   *
   * @throws InvalidDecisionException if its name collides with an existing criterion
   */
  public Decision withCriterion(Criterion criterion) {
    List<Criterion> list = new ArrayList<>(criteria);
    list.add(criterion);
    return new Decision(topic, options, list);
  }

  /**
   * Returns a copy without the named criterion.
   *
   * @throws InvalidDecisionException if there is no such criterion
   */
  public Decision withoutCriterion(String name) {
    List<Criterion> list = new ArrayList<>(criteria);
    list.remove(requireCriterion(name));
    return new Decision(topic, options, list);
  }

  /**
   * Returns a copy where the named criterion is replaced by the result of {@code edit}.
   *
   * @throws InvalidDecisionException if there is no such criterion or the edit breaks a rule
   */
  public Decision withCriterionEdited(String name, UnaryOperator<Criterion> edit) {
    List<Criterion> list = new ArrayList<>(criteria);
    int i = requireCriterion(name);
    list.set(i, edit.apply(list.get(i)));
    return new Decision(topic, options, list);
  }

  /**
   * Returns a copy where a criterion is renamed.
   *
   * @throws InvalidDecisionException if there is no such criterion or the new name collides
   */
  public Decision withCriterionRenamed(String name, String newName) {
    return withCriterionEdited(name, c -> c.withName(newName));
  }

  /**
   * Returns a copy where a criterion has another weight. Judgments stay valid.
   *
   * @throws InvalidDecisionException if there is no such criterion or the weight is out of range
   */
  public Decision withWeight(String criterionName, double weight) {
    return withCriterionEdited(criterionName, c -> c.withWeight(weight));
  }

  /** Builder for {@link Decision} that checks limits on {@link #build()}; not thread-safe. */
  public static final class Builder {
    private final String topic;
    private final List<Option> options = new ArrayList<>();
    private final List<Criterion> criteria = new ArrayList<>();
    private DecisionLimits limits = DecisionLimits.DEFAULTS;

    private Builder(String topic) {
      this.topic = topic;
    }

    /** Adds an option with a name only. */
    public Builder option(String name) {
      options.add(Option.of(name));
      return this;
    }

    /** Adds an option with a description (may be {@code null}). */
    public Builder option(String name, @Nullable String description) {
      options.add(Option.of(name, description));
      return this;
    }

    /** Adds an option. */
    public Builder option(Option option) {
      options.add(option);
      return this;
    }

    /** Adds a benefit criterion with weight 1. */
    public Builder criterion(String name) {
      criteria.add(Criterion.of(name));
      return this;
    }

    /** Adds a benefit criterion with a weight. */
    public Builder criterion(String name, double weight) {
      criteria.add(Criterion.builder(name).weight(weight).build());
      return this;
    }

    /** Adds a criterion. */
    public Builder criterion(Criterion criterion) {
      criteria.add(criterion);
      return this;
    }

    /** Sets the limits to check on build (default {@link DecisionLimits#DEFAULTS}). */
    public Builder limits(DecisionLimits value) {
      if (value == null) {
        throw new IllegalArgumentException("limits must not be null");
      }
      this.limits = value;
      return this;
    }

    /**
     * Builds and checks the decision.
     *
     * @throws InvalidDecisionException if a rule or limit is broken
     */
    public Decision build() {
      return limits.check(new Decision(topic, options, criteria));
    }
  }
}
