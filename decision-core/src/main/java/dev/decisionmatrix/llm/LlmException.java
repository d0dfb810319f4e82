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

  private final LlmErrorKind kind;
  private final @Nullable Duration retryAfter;
  private final @Nullable String backend;
  private final @Nullable String model;
  private final int httpStatus;

  /**
   * Creates the exception.
   *
   * @param kind what kind of failure it was
   * @param message what went wrong and, where it helps, how to fix it
   * @param retryAfter how long the provider asked to wait, or {@code null}
   * @param httpStatus the HTTP status, or 0 when there was none
   * @param backend the backend's id, or {@code null}
   * @param model the model, or {@code null}
   * @param cause the underlying exception, or {@code null}
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
   */
  public LlmException(LlmErrorKind kind, String message) {
    this(kind, message, null, 0, null, null, null);
  }

  /** Creates a {@link LlmErrorKind#RATE_LIMITED} exception with an optional retry-after hint. */
  public static LlmException rateLimited(String message, @Nullable Duration retryAfter) {
    return new LlmException(LlmErrorKind.RATE_LIMITED, message, retryAfter, 429, null, null, null);
  }

  /** Creates an {@link LlmErrorKind#OVERLOADED} exception with an optional retry-after hint. */
  public static LlmException overloaded(String message, @Nullable Duration retryAfter) {
    return new LlmException(LlmErrorKind.OVERLOADED, message, retryAfter, 0, null, null, null);
  }

  /** Creates a {@link LlmErrorKind#TRANSIENT} exception. */
  public static LlmException transientFault(String message, @Nullable Throwable cause) {
    return new LlmException(LlmErrorKind.TRANSIENT, message, null, 0, null, null, cause);
  }

  /** Returns the kind of failure. */
  public LlmErrorKind kind() {
    return kind;
  }

  /** Returns whether trying again can help. */
  public boolean retryable() {
    return kind.retryable();
  }

  /** Returns how long the provider asked to wait before the next call, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Returns the HTTP status, or 0 if the failure had none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Returns the backend's id, or {@code null} if unknown. */
  public @Nullable String backend() {
    return backend;
  }

  /** Returns the model, or {@code null} if unknown. */
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
