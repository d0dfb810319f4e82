package dev.decisionmatrix.store;

import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.InvalidDecisionException;
import org.jspecify.annotations.Nullable;

/**
 * Per-session defaults for judging: which backend and model judge the session's cells and at which
 * temperature, unless a criterion overrides them. Immutable and thread-safe.
 *
 * <p>Blank names are normalised to {@code null}, which means "the engine's default".
 *
 * @param backend the backend's name, or {@code null} for the engine's default backend
 * @param model the model, or {@code null} for the backend's default model
 * @param temperature the sampling temperature in 0..2, or {@code null} for the default
 */
public record SessionSettings(@Nullable String backend, @Nullable String model, @Nullable Double temperature) {

  /** No overrides: the engine's defaults apply. */
  public static final SessionSettings DEFAULTS = new SessionSettings(null, null, null);

  /**
   * Validates and normalises the settings.
   *
   * @throws InvalidDecisionException if the temperature is outside 0..2 or not a number
   */
  public SessionSettings {
    backend = blankToNull(backend);
    model = blankToNull(model);
    if (temperature != null && !(temperature >= 0 && temperature <= Criterion.MAX_TEMPERATURE)) {
      throw new InvalidDecisionException("settings.temperature", temperature, "must be between 0 and 2");
    }
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    if (value == null) {
      return null;
    }
    String stripped = value.strip();
    return stripped.isEmpty() ? null : stripped;
  }

  /**
   * Returns a copy with another backend.
   *
   * @param value the backend's name, or {@code null} for the default
   * @return the copy
   */
  public SessionSettings withBackend(@Nullable String value) {
    return new SessionSettings(value, model, temperature);
  }

  /**
   * Returns a copy with another model.
   *
   * @param value the model, or {@code null} for the default
   * @return the copy
   */
  public SessionSettings withModel(@Nullable String value) {
    return new SessionSettings(backend, value, temperature);
  }

  /**
   * Returns a copy with another temperature.
   *
   * @param value the temperature in 0..2, or {@code null} for the default
   * @return the copy
   * @throws InvalidDecisionException if the temperature is outside 0..2
   */
  public SessionSettings withTemperature(@Nullable Double value) {
    return new SessionSettings(backend, model, value);
  }
}
