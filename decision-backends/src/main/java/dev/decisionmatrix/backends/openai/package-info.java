/**
 * The OpenAI chat completions backend, for OpenAI and every server that speaks its API (LiteLLM,
 * vLLM, LM Studio, OpenRouter, Ollama's {@code /v1}). Entry point: {@link
 * dev.decisionmatrix.backends.openai.OpenAiBackend#builder()}.
 */
@NullMarked
package dev.decisionmatrix.backends.openai;

import org.jspecify.annotations.NullMarked;
