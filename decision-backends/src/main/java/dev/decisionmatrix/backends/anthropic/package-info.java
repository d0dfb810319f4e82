/**
 * The Anthropic Messages API backend. Entry point: {@link
 * dev.decisionmatrix.backends.anthropic.AnthropicBackend#builder()}.
 */
@NullMarked
package dev.decisionmatrix.backends.anthropic;

import org.jspecify.annotations.NullMarked;
