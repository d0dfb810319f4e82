/**
 * The MCP tools, resources and prompt. Handlers parse arguments, call the engine or the session
 * store, and format the answer; {@link dev.decisionmatrix.mcp.tools.ToolCatalog} turns every failure
 * into an {@code isError} result with a hint.
 *
 * <p>Everything is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.decisionmatrix.mcp.tools;

import org.jspecify.annotations.NullMarked;
