/**
 * The Ollama native chat API backend. Entry point: {@link
 * dev.decisionmatrix.backends.ollama.OllamaBackend#builder()}.
 */
@NullMarked
package dev.decisionmatrix.backends.ollama;

import org.jspecify.annotations.NullMarked;
