/**
 * A loopback LLM simulator for tests and benchmarks: a small HTTP server that speaks the OpenAI
 * chat completions, Anthropic Messages, Ollama chat and AWS Bedrock Converse wire formats, answers
 * with deterministic judgments, and injects latency, capacity limits and faults on demand.
 *
 * <p>Entry point: {@link dev.decisionmatrix.testkit.LlmSimulator#builder()}.
 */
module dev.decisionmatrix.testkit {
  requires com.fasterxml.jackson.databind;
  requires static transitive org.jspecify;
  requires jdk.httpserver;

  exports dev.decisionmatrix.testkit;
}
