/**
 * The LLM backend SPI: {@link dev.decisionmatrix.llm.LlmBackend}, with one abstract method, and the
 * request, response and failure types it uses.
 *
 * <p>A failed call throws {@link dev.decisionmatrix.llm.LlmException}, whose {@link
 * dev.decisionmatrix.llm.LlmErrorKind} tells the engine whether to retry and whether to slow down.
 * Implementations for OpenAI-compatible servers, Anthropic, Ollama and AWS Bedrock are in the
 * {@code decision-backends} module; a test double is a lambda. The value types here are immutable;
 * backends must be thread-safe.
 */
@NullMarked
package dev.decisionmatrix.llm;

import org.jspecify.annotations.NullMarked;
