package dev.decisionmatrix.engine;

import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.model.Criterion;
import org.jspecify.annotations.Nullable;

/** Who judges a criterion's cells, and how: resolved once per evaluation and criterion. */
record JudgeTarget(Criterion criterion, LlmBackend backend, String backendId, @Nullable String model, @Nullable Double temperature) {}
