/**
 * A loopback LLM simulator for tests and benchmarks. Start one with {@link
 * dev.decisionmatrix.testkit.LlmSimulator#builder()}; point a client at {@link
 * dev.decisionmatrix.testkit.LlmSimulator#baseUrl()}.
 *
 * <p>Everything is non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package dev.decisionmatrix.testkit;

import org.jspecify.annotations.NullMarked;
