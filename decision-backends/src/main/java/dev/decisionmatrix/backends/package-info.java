/**
 * LLM backends for the decision-matrix engine, and their configuration.
 *
 * <p>Entry points: {@link dev.decisionmatrix.backends.Backends#fromEnvironment()} for configuration
 * by environment variables, {@link dev.decisionmatrix.backends.Backends#create(BackendConfig)} for a
 * {@link dev.decisionmatrix.backends.BackendConfig}, or a backend's own builder in the provider
 * packages ({@code openai}, {@code anthropic}, {@code ollama}, {@code bedrock}).
 *
 * <p>Everything is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.decisionmatrix.backends;

import org.jspecify.annotations.NullMarked;
