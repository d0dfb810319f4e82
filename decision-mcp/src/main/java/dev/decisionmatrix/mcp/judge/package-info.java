/**
 * Which LLM judges: MCP sampling (the host's model) as an {@link dev.decisionmatrix.llm.LlmBackend},
 * provider backends from the environment, and the choice between them (criterion, session, server).
 *
 * <p>Everything is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.decisionmatrix.mcp.judge;

import org.jspecify.annotations.NullMarked;
