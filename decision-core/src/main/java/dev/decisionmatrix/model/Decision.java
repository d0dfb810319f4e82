package dev.decisionmatrix.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A decision to make: a topic, the options to compare and the weighted criteria to compare them on.
 * Immutable, and so safe to share between threads; every edit returns a new decision. Names are
 * unique within options and within criteria after Unicode NFKC normalisation and case folding, and
 * lookups by name compare the same way.
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
                + "\" (names are compared after Unicode NFKC normalisation and case folding, so accents written two ways, full-width letters and case do not make a name different); choose another name");
      }
    }
  }

  private static String key(String name) {
    return Text.nameKey(name);
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

  /**
   * Returns the number of cells, one per (option, criterion) pair; each cell is one judgment (or
   * {@code k} samples) when the decision is evaluated.
   *
   * @return options x criteria; 0 while either list is empty
   */
  public int cellCount() {
    return options.size() * criteria.size();
  }

  /**
   * Tells whether two texts are the same name: equal after stripping, Unicode NFKC normalisation
   * and case folding, the rule option and criterion names are unique by.
   *
   * @param a one name
   * @param b the other name
   * @return true when both name the same thing
   */
  public static boolean sameName(String a, String b) {
    return key(a).equals(key(b));
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
   * Returns the option with this name, ignoring case and surrounding blanks.
   *
   * @param name the name to look up; {@code null} is rejected like an unknown name
   * @return the option, never {@code null}
   * @throws InvalidDecisionException if there is none; the message lists the known names
   */
  public Option option(String name) {
    return options.get(requireOption(name));
  }

  /**
   * Returns the criterion with this name, ignoring case and surrounding blanks.
   *
   * @param name the name to look up; {@code null} is rejected like an unknown name
   * @return the criterion, never {@code null}
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

  /**
   * Returns a copy with another topic. Changing the topic changes every cell's prompt, so all cells
   * need new judgments.
   *
   * @param newTopic the new question being decided; stripped, must not be blank
   * @return a new decision with the same options and criteria
   * @throws InvalidDecisionException if the topic is {@code null} or blank
   */
  public Decision withTopic(String newTopic) {
    return new Decision(newTopic, options, criteria);
  }

  /**
   * Returns a copy with one more option at the end.
   *
   * @param option the option to add
   * @return a new decision; this one is unchanged
   * @throws InvalidDecisionException if the option is {@code null} or its name collides with an
   *     existing option
   */
  public Decision withOption(Option option) {
    List<Option> list = new ArrayList<>(options);
    list.add(option);
    return new Decision(topic, list, criteria);
  }

  /**
   * Returns a copy without the named option.
   *
   * @param name the option's name, matched ignoring case and surrounding blanks
   * @return a new decision; this one is unchanged
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
   * @param name the option's name, matched ignoring case and surrounding blanks
   * @param edit maps the current option to its replacement, e.g. {@code o -> o.withDescription(d)};
   *     called once, on the calling thread
   * @return a new decision; this one is unchanged
   * @throws InvalidDecisionException if there is no such option or the edit breaks a rule (for
   *     example, renames it to another option's name)
   */
  public Decision withOptionEdited(String name, UnaryOperator<Option> edit) {
    List<Option> list = new ArrayList<>(options);
    int i = requireOption(name);
    list.set(i, edit.apply(list.get(i)));
    return new Decision(topic, list, criteria);
  }

  /**
   * Returns a copy where an option is renamed, keeping its place and description.
   *
   * @param name the option's current name, matched ignoring case and surrounding blanks
   * @param newName the new name; stripped, must not be blank
   * @return a new decision; this one is unchanged
   * @throws InvalidDecisionException if there is no such option, the new name is blank or it
   *     collides with another option
   */
  public Decision withOptionRenamed(String name, String newName) {
    return withOptionEdited(name, o -> o.withName(newName));
  }

  /**
   * Returns a copy with one more criterion at the end.
   *
   * @param criterion the criterion to add
   * @return a new decision; this one is unchanged
   * @throws InvalidDecisionException if the criterion is {@code null} or its name collides with an
   *     existing criterion
   */
  public Decision withCriterion(Criterion criterion) {
    List<Criterion> list = new ArrayList<>(criteria);
    list.add(criterion);
    return new Decision(topic, options, list);
  }

  /**
   * Returns a copy without the named criterion.
   *
   * @param name the criterion's name, matched ignoring case and surrounding blanks
   * @return a new decision; this one is unchanged
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
   * @param name the criterion's name, matched ignoring case and surrounding blanks
   * @param edit maps the current criterion to its replacement, e.g. {@code c ->
   *     c.toBuilder().rubric(r).build()}; called once, on the calling thread
   * @return a new decision; this one is unchanged
   * @throws InvalidDecisionException if there is no such criterion or the edit breaks a rule (for
   *     example, renames it to another criterion's name)
   */
  public Decision withCriterionEdited(String name, UnaryOperator<Criterion> edit) {
    List<Criterion> list = new ArrayList<>(criteria);
    int i = requireCriterion(name);
    list.set(i, edit.apply(list.get(i)));
    return new Decision(topic, options, list);
  }

  /**
   * Returns a copy where a criterion is renamed, keeping its place and every other value.
   *
   * @param name the criterion's current name, matched ignoring case and surrounding blanks
   * @param newName the new name; stripped, must not be blank
   * @return a new decision; this one is unchanged
   * @throws InvalidDecisionException if there is no such criterion, the new name is blank or it
   *     collides with another criterion
   */
  public Decision withCriterionRenamed(String name, String newName) {
    return withCriterionEdited(name, c -> c.withName(newName));
  }

  /**
   * Returns a copy where a criterion has another weight. Judgments stay valid: the weight is not in
   * the prompt nor the cache key, so re-ranking after this calls no LLM.
   *
   * @param criterionName the criterion's name, matched ignoring case and surrounding blanks
   * @param weight the new relative importance, in {@value Criterion#MIN_WEIGHT}..{@value
   *     Criterion#MAX_WEIGHT}
   * @return a new decision; this one is unchanged
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

    /**
     * Adds an option with a name only.
     *
     * @param name the option's name; stripped, must not be blank
     * @return this builder
     * @throws InvalidDecisionException at once if the name is {@code null} or blank
     */
    public Builder option(String name) {
      options.add(Option.of(name));
      return this;
    }

    /**
     * Adds an option with a description.
     *
     * @param name the option's name; stripped, must not be blank
     * @param description what the option is, as context for the judge; {@code null} means none
     * @return this builder
     * @throws InvalidDecisionException at once if the name is {@code null} or blank
     */
    public Builder option(String name, @Nullable String description) {
      options.add(Option.of(name, description));
      return this;
    }

    /**
     * Adds an option. A {@code null} option is accepted here and rejected by {@link #build()}.
     *
     * @param option the option to add
     * @return this builder
     */
    public Builder option(Option option) {
      options.add(option);
      return this;
    }

    /**
     * Adds a benefit criterion with weight {@value Criterion#DEFAULT_WEIGHT} and no description.
     *
     * @param name the criterion's name; stripped, must not be blank
     * @return this builder
     * @throws InvalidDecisionException at once if the name is {@code null} or blank
     */
    public Builder criterion(String name) {
      criteria.add(Criterion.of(name));
      return this;
    }

    /**
     * Adds a benefit criterion with a weight and no description.
     *
     * @param name the criterion's name; stripped, must not be blank
     * @param weight relative importance in {@value Criterion#MIN_WEIGHT}..{@value
     *     Criterion#MAX_WEIGHT}
     * @return this builder
     * @throws InvalidDecisionException at once if the name is blank or the weight is out of range
     */
    public Builder criterion(String name, double weight) {
      criteria.add(Criterion.builder(name).weight(weight).build());
      return this;
    }

    /**
     * Adds a criterion. A {@code null} criterion is accepted here and rejected by {@link #build()}.
     *
     * @param criterion the criterion to add
     * @return this builder
     */
    public Builder criterion(Criterion criterion) {
      criteria.add(criterion);
      return this;
    }

    /**
     * Sets the limits to check on build (default {@link DecisionLimits#DEFAULTS}).
     *
     * @param value the limits; not {@code null}
     * @return this builder
     * @throws IllegalArgumentException if {@code value} is {@code null}
     */
    public Builder limits(DecisionLimits value) {
      if (value == null) {
        throw new IllegalArgumentException("limits must not be null");
      }
      this.limits = value;
      return this;
    }

    /**
     * Builds and checks the decision. The builder stays usable; each call builds a new decision
     * from the options and criteria added so far.
     *
     * @return the decision, within the builder's limits
     * @throws InvalidDecisionException if a rule or limit is broken (blank topic, duplicate names,
     *     {@code null} elements, too many options or criteria, texts too long)
     */
    public Decision build() {
      return limits.check(new Decision(topic, options, criteria));
    }
  }
}
