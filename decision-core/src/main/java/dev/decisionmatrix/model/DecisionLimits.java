package dev.decisionmatrix.model;

/**
 * Size limits for decisions: a policy applied where input enters (the {@link Decision#builder
 * builder}, the engine, a server), not baked into the records, so a deployment can raise or lower
 * them. The {@link #DEFAULTS} fit a 100 x 50 matrix with room to spare.
 *
 * @param maxOptions most options in one decision
 * @param maxCriteria most criteria in one decision
 * @param maxNameLength longest option or criterion name, in characters
 * @param maxDescriptionLength longest option or criterion description, in characters
 * @param maxTopicLength longest topic, in characters
 * @param maxRubricLength longest rubric, in characters
 */
public record DecisionLimits(
    int maxOptions,
    int maxCriteria,
    int maxNameLength,
    int maxDescriptionLength,
    int maxTopicLength,
    int maxRubricLength) {

  /** Generous defaults: 200 options, 100 criteria, names of 200 and descriptions of 2,000 characters. */
  public static final DecisionLimits DEFAULTS = new DecisionLimits(200, 100, 200, 2_000, 2_000, 4_000);

  /**
   * Validates the limits themselves.
   *
   * @throws IllegalArgumentException if a limit is below 1
   */
  public DecisionLimits {
    positive("maxOptions", maxOptions);
    positive("maxCriteria", maxCriteria);
    positive("maxNameLength", maxNameLength);
    positive("maxDescriptionLength", maxDescriptionLength);
    positive("maxTopicLength", maxTopicLength);
    positive("maxRubricLength", maxRubricLength);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 but was " + value);
    }
  }

  /**
   * Returns a copy with another option limit.
   *
   * @param value the most options one decision may have; at least 1
   * @return new limits; these are unchanged
   * @throws IllegalArgumentException if {@code value} is below 1
   */
  public DecisionLimits withMaxOptions(int value) {
    return new DecisionLimits(value, maxCriteria, maxNameLength, maxDescriptionLength, maxTopicLength, maxRubricLength);
  }

  /**
   * Returns a copy with another criterion limit.
   *
   * @param value the most criteria one decision may have; at least 1
   * @return new limits; these are unchanged
   * @throws IllegalArgumentException if {@code value} is below 1
   */
  public DecisionLimits withMaxCriteria(int value) {
    return new DecisionLimits(maxOptions, value, maxNameLength, maxDescriptionLength, maxTopicLength, maxRubricLength);
  }

  /**
   * Checks a whole decision against these limits.
   *
   * @param decision the decision to check
   * @return the decision, for chaining
   * @throws InvalidDecisionException naming the first field over a limit
   */
  public Decision check(Decision decision) {
    length("topic", decision.topic(), maxTopicLength);
    if (decision.options().size() > maxOptions) {
      throw new InvalidDecisionException(
          "options", decision.options().size() + " options", "at most " + maxOptions + " options are allowed");
    }
    if (decision.criteria().size() > maxCriteria) {
      throw new InvalidDecisionException(
          "criteria", decision.criteria().size() + " criteria", "at most " + maxCriteria + " criteria are allowed");
    }
    for (int i = 0; i < decision.options().size(); i++) {
      check("options[" + i + "]", decision.options().get(i));
    }
    for (int i = 0; i < decision.criteria().size(); i++) {
      check("criteria[" + i + "]", decision.criteria().get(i));
    }
    return decision;
  }

  /**
   * Checks one option.
   *
   * @param field how to name the option in a message, e.g. {@code "options[3]"}
   * @param option the option
   * @throws InvalidDecisionException if a text is too long
   */
  public void check(String field, Option option) {
    length(field + ".name", option.name(), maxNameLength);
    length(field + ".description", option.description(), maxDescriptionLength);
  }

  /**
   * Checks one criterion.
   *
   * @param field how to name the criterion in a message, e.g. {@code "criteria[1]"}
   * @param criterion the criterion
   * @throws InvalidDecisionException if a text is too long
   */
  public void check(String field, Criterion criterion) {
    length(field + ".name", criterion.name(), maxNameLength);
    length(field + ".description", criterion.description(), maxDescriptionLength);
    length(field + ".rubric", criterion.rubric(), maxRubricLength);
  }

  private static void length(String field, String value, int max) {
    if (value.length() > max) {
      throw new InvalidDecisionException(field, value, "must be at most " + max + " characters");
    }
  }
}
