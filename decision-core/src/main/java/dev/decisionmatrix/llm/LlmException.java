package dev.decisionmatrix.llm;

import dev.decisionmatrix.DecisionMatrixException;
import java.io.Serial;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A backend call failed. Carries the {@linkplain #kind() kind} (which says whether a retry can
 * help), an optional retry-after hint and the backend and model involved. Messages never contain
 * API keys or other secrets.
 */
public class LlmException extends DecisionMatrixException {
  @Serial private static final long serialVersionUID = 1L;

  /** What kind of failure it was; never {@code null}. */
  private final LlmErrorKind kind;

  /** How long the provider asked to wait, or {@code null} if it did not say. */
  private final @Nullable Duration retryAfter;

  /** The backend's id, or {@code null} if unknown. */
  private final @Nullable String backend;

  /** The model, or {@code null} if unknown. */
  private final @Nullable String model;

  /** The HTTP status, or 0 when there was none. */
  private final int httpStatus;

  /**
   * Creates the exception.
   *
   * @param kind what kind of failure it was
   * @param message what went wrong and, where it helps, how to fix it
   * @param retryAfter how long the provider asked to wait, or {@code null}; a negative duration
   *     counts as {@code null}
   * @param httpStatus the HTTP status, or 0 when there was none
   * @param backend the backend's id, or {@code null}
   * @param model the model, or {@code null}
   * @param cause the underlying exception, or {@code null}
   * @throws IllegalArgumentException if {@code kind} is {@code null}
   */
  public LlmException(
      LlmErrorKind kind,
      String message,
      @Nullable Duration retryAfter,
      int httpStatus,
      @Nullable String backend,
      @Nullable String model,
      @Nullable Throwable cause) {
    super(message, cause);
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    this.kind = kind;
    this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    this.httpStatus = httpStatus;
    this.backend = backend;
    this.model = model;
  }

  /**
   * Creates an exception of a kind with a message.
   *
   * @param kind what kind of failure it was
   * @param message what went wrong
   * @throws IllegalArgumentException if {@code kind} is {@code null}
   */
  public LlmException(LlmErrorKind kind, String message) {
    this(kind, message, null, 0, null, null, null);
  }

  /**
   * Creates a {@link LlmErrorKind#RATE_LIMITED} exception with HTTP status 429.
   *
   * @param message what went wrong, without secrets
   * @param retryAfter how long the provider asked to wait, or {@code null} if it did not say
   * @return the exception, without backend and model (see {@link #withContext})
   */
  public static LlmException rateLimited(String message, @Nullable Duration retryAfter) {
    return new LlmException(LlmErrorKind.RATE_LIMITED, message, retryAfter, 429, null, null, null);
  }

  /**
   * Creates an {@link LlmErrorKind#OVERLOADED} exception without an HTTP status.
   *
   * @param message what went wrong, without secrets
   * @param retryAfter how long the provider asked to wait, or {@code null} if it did not say
   * @return the exception, without backend and model (see {@link #withContext})
   */
  public static LlmException overloaded(String message, @Nullable Duration retryAfter) {
    return new LlmException(LlmErrorKind.OVERLOADED, message, retryAfter, 0, null, null, null);
  }

  /**
   * Creates a {@link LlmErrorKind#TRANSIENT} exception, for a fault that may pass (an I/O error, a
   * reset connection).
   *
   * @param message what went wrong, without secrets
   * @param cause the underlying exception, or {@code null}
   * @return the exception, without backend and model (see {@link #withContext})
   */
  public static LlmException transientFault(String message, @Nullable Throwable cause) {
    return new LlmException(LlmErrorKind.TRANSIENT, message, null, 0, null, null, cause);
  }

  /**
   * Returns the kind of failure, which decides whether the engine retries and whether it slows
   * down.
   *
   * @return the kind, never {@code null}
   */
  public LlmErrorKind kind() {
    return kind;
  }

  /**
   * Returns whether trying again can help; the same as {@code kind().retryable()}.
   *
   * @return {@code true} if a later retry of the same call may succeed
   */
  public boolean retryable() {
    return kind.retryable();
  }

  /**
   * Returns how long the provider asked to wait before the next call, if it said.
   *
   * @return the wait (zero or positive), or empty if the provider gave no hint
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * Returns the HTTP status of the failed call.
   *
   * @return the status, or 0 if the failure had none (e.g. an I/O error or an SDK error)
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Returns the id of the backend that failed.
   *
   * @return the {@linkplain LlmBackend#id() backend's id}, or {@code null} if unknown
   */
  public @Nullable String backend() {
    return backend;
  }

  /**
   * Returns the model that was asked.
   *
   * @return the model name, or {@code null} if unknown
   */
  public @Nullable String model() {
    return model;
  }

  /**
   * Returns this exception with backend and model filled in where they are missing.
   *
   * @param backendId the backend's id
   * @param modelName the model, may be {@code null}
   * @return this exception if nothing was missing, else a copy that keeps this one as its cause
   */
  public LlmException withContext(String backendId, @Nullable String modelName) {
    if (backend != null && (model != null || modelName == null)) {
      return this;
    }
    LlmException copy =
        new LlmException(
            kind,
            getMessage(),
            retryAfter,
            httpStatus,
            backend != null ? backend : backendId,
            model != null ? model : modelName,
            getCause());
    copy.setStackTrace(getStackTrace());
    return copy;
  }
}
