/**
 * Decision Matrix LLM backends: OpenAI-compatible servers, Anthropic, Ollama and (with the optional
 * AWS SDK) Bedrock, plus configuration from environment variables.
 *
 * <p>Entry point: {@link dev.decisionmatrix.backends.Backends}.
 */
module dev.decisionmatrix.backends {
  requires transitive dev.decisionmatrix.core;
  requires java.net.http;
  requires com.fasterxml.jackson.databind;
  requires static transitive org.jspecify;

  // The AWS SDK is optional: only the bedrock package uses it, and only when it is present.
  requires static transitive software.amazon.awssdk.auth;
  requires static software.amazon.awssdk.services.bedrockruntime;
  requires static software.amazon.awssdk.core;
  requires static software.amazon.awssdk.awscore;
  requires static software.amazon.awssdk.regions;
  requires static software.amazon.awssdk.http.urlconnection;
  requires static software.amazon.awssdk.retries.api;
  requires static software.amazon.awssdk.http;

  exports dev.decisionmatrix.backends;
  exports dev.decisionmatrix.backends.openai;
  exports dev.decisionmatrix.backends.anthropic;
  exports dev.decisionmatrix.backends.ollama;
  exports dev.decisionmatrix.backends.bedrock;
}
