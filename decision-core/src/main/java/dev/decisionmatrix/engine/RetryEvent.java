package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.LlmErrorKind;
import java.time.Duration;

/**
 * A failed call that will be tried again.
 *
 * @param option the option's name
 * @param criterion the criterion's name
 * @param backend the backend's id
 * @param kind what kind of failure it was
 * @param message what went wrong (no secrets)
 * @param failedAttempts how many calls failed so far for this cell sample
 * @param delay the wait before the next call
 */
public record RetryEvent(
    String option, String criterion, String backend, LlmErrorKind kind, String message, int failedAttempts, Duration delay) {}
