/**
 * Streamable HTTP at {@code /mcp} with embedded Tomcat, behind a gate that checks Host, Origin,
 * the bearer token and the body size.
 *
 * <p>Everything is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.decisionmatrix.mcp.http;

import org.jspecify.annotations.NullMarked;
