package dev.decisionmatrix.testkit;

/** The wire formats the simulator speaks. */
public enum Protocol {
  /** OpenAI chat completions: {@code POST /v1/chat/completions}, {@code GET /v1/models}. */
  OPENAI,
  /** Anthropic Messages: {@code POST /v1/messages}. */
  ANTHROPIC,
  /** Ollama native chat: {@code POST /api/chat}, {@code GET /api/tags}. */
  OLLAMA,
  /** AWS Bedrock Converse: {@code POST /model/{modelId}/converse}. */
  BEDROCK
}
