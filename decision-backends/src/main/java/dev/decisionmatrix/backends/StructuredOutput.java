package dev.decisionmatrix.backends;

/**
 * How a backend asks the model for JSON when a request carries a {@link
 * dev.decisionmatrix.llm.ResponseSchema}. The prompt states the JSON contract in every mode; these
 * modes add the provider's own enforcement on top.
 *
 * <p>OpenAI-compatible servers: {@link #JSON_SCHEMA} sends {@code response_format: {type:
 * json_schema, json_schema: {name, schema, strict: true}}}; {@link #JSON_OBJECT} sends {@code
 * response_format: {type: json_object}}. Ollama's native API: {@link #JSON_SCHEMA} sends the
 * schema as {@code format}; {@link #JSON_OBJECT} sends {@code format: "json"}. Both backends step
 * down (schema, then JSON object, then none) when a server rejects a mode, and remember it per model.
 */
public enum StructuredOutput {
  /** Constrain the answer to the JSON schema (the default). */
  JSON_SCHEMA,
  /** Ask for any JSON object (for servers without schema support). */
  JSON_OBJECT,
  /** Ask for nothing beyond the prompt; the core's lenient parser copes with prose around the JSON. */
  NONE;

  /**
   * Returns the next weaker mode: {@link #JSON_SCHEMA} to {@link #JSON_OBJECT} to {@link #NONE}.
   *
   * @return the weaker mode; {@link #NONE} for {@link #NONE}
   */
  public StructuredOutput weaker() {
    return switch (this) {
      case JSON_SCHEMA -> JSON_OBJECT;
      case JSON_OBJECT, NONE -> NONE;
    };
  }
}
