package dev.decisionmatrix.llm;

/**
 * A JSON schema the answer must follow, for providers with a structured-output mode.
 *
 * @param name a short identifier (letters, digits, {@code _} and {@code -}), e.g. {@code "judgment"}
 * @param json the JSON schema as JSON text
 */
public record ResponseSchema(String name, String json) {

  /**
   * Validates the schema's name and presence.
   *
   * @throws IllegalArgumentException if name or json is blank or the name has other characters
   */
  public ResponseSchema {
    if (name == null || !name.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("schema name must be 1-64 letters, digits, '_' or '-' but was " + name);
    }
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("schema json must not be blank");
    }
  }
}
