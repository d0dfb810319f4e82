/**
 * The Decision Matrix MCP server: {@link dev.decisionmatrix.mcp.Main} (flags, environment, stdio),
 * {@link dev.decisionmatrix.mcp.DecisionServer} (engine, store and MCP features for a transport) and
 * {@link dev.decisionmatrix.mcp.MessageGuard} (cancellations, request keys, malformed input).
 *
 * <p>Everything is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.decisionmatrix.mcp;

import org.jspecify.annotations.NullMarked;
