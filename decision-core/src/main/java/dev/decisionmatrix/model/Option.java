package dev.decisionmatrix.model;

import org.jspecify.annotations.Nullable;

/**
 * One of the alternatives being compared. Immutable (safe to share between threads); the name is
 * stripped and must not be blank; a missing description becomes the empty string.
 *
 * @param name the option's name, unique (case-insensitively) within a decision
 * @param description what the option is, as context for the judge; may be empty
 */
public record Option(String name, String description) {

  /**
   * Validates and normalises the option.
   *
   * @param name the option's name; stripped, must not be blank
   * @param description what the option is; stripped; {@code null} means none (empty)
   * @throws InvalidDecisionException if the name is missing or blank
   */
  public Option(String name, @Nullable String description) {
    this.name = Text.name("option.name", name);
    this.description = Text.optional(description);
  }

  /**
   * Creates an option without a description.
   *
   * @param name the option's name
   * @return the option
   * @throws InvalidDecisionException if the name is blank
   */
  public static Option of(String name) {
    return new Option(name, "");
  }

  /**
   * Creates an option with a description.
   *
   * @param name the option's name
   * @param description the description, may be {@code null}
   * @return the option
   * @throws InvalidDecisionException if the name is blank
   */
  public static Option of(String name, @Nullable String description) {
    return new Option(name, description == null ? "" : description);
  }

  /**
   * Returns a copy with another name and the same description.
   *
   * @param newName the new name; stripped, must not be blank
   * @return a new option; this one is unchanged
   * @throws InvalidDecisionException if the name is {@code null} or blank
   */
  public Option withName(String newName) {
    return new Option(newName, description);
  }

  /**
   * Returns a copy with another description and the same name. The description reaches the judge's
   * prompt, so the option's cells need new judgments.
   *
   * @param newDescription what the option is; stripped; {@code null} means none (empty)
   * @return a new option; this one is unchanged
   */
  public Option withDescription(@Nullable String newDescription) {
    return new Option(name, newDescription == null ? "" : newDescription);
  }
}
