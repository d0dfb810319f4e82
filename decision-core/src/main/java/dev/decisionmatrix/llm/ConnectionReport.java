package dev.decisionmatrix.llm;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link LlmBackend#testConnection()}: whether one tiny request worked and, if not,
 * what is wrong and how to fix it.
 *
 * @param ok whether the backend answered
 * @param backend the backend's id
 * @param model the model that was asked, or {@code null}
 * @param message what happened; on failure, the cause and the fix
 * @param errorKind the failure's kind, or {@code null} when ok
 * @param latency how long the request took
 */
public record ConnectionReport(
    boolean ok,
    String backend,
    @Nullable String model,
    String message,
    @Nullable LlmErrorKind errorKind,
    Duration latency) {}
