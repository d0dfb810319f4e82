package dev.decisionmatrix.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One tool: its name, description, input and output schemas, hints and handler. The argument names
 * a call may use are the input schema's properties, aliases included; hosts see the schema without
 * the aliases ({@link #advertisedInputSchema()}).
 *
 * @param name the tool's name
 * @param title a short title for people
 * @param description what the tool does and when to use it (for the model)
 * @param inputSchema the JSON schema of the arguments
 * @param outputSchema the JSON schema of the structured answer, or {@code null}
 * @param annotations hints for hosts (read-only, destructive, idempotent)
 * @param handler handles calls
 */
public record ToolDefinition(
    String name,
    String title,
    String description,
    Map<String, Object> inputSchema,
    @Nullable Map<String, Object> outputSchema,
    McpSchema.ToolAnnotations annotations,
    ToolHandler handler) {

  /** The keyword that marks an input property as an accepted but unadvertised alias of another. */
  static final String ALIAS_OF = "x-alias-of";

  /** Checks the parts. */
  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(inputSchema, "inputSchema");
    Objects.requireNonNull(handler, "handler");
  }

  /**
   * Creates a definition from schema texts.
   *
   * @param name the tool's name
   * @param title a short title
   * @param description what it does
   * @param inputSchema the input schema as JSON text
   * @param outputSchema the output schema as JSON text, or {@code null}
   * @param annotations hints for hosts
   * @param handler handles calls
   * @return the definition
   */
  static ToolDefinition of(
      String name,
      String title,
      String description,
      String inputSchema,
      @Nullable String outputSchema,
      McpSchema.ToolAnnotations annotations,
      ToolHandler handler) {
    return new ToolDefinition(
        name, title, description, JsonMaps.parse(SchemaConstants.expand(inputSchema)),
        outputSchema == null ? null : JsonMaps.parse(SchemaConstants.expand(outputSchema)), annotations, handler);
  }

  /** Returns the names the input schema declares. */
  @SuppressWarnings("unchecked")
  public List<String> argumentNames() {
    Object props = inputSchema.get("properties");
    return props instanceof Map<?, ?> m ? List.copyOf(((Map<String, Object>) m).keySet()) : List.of();
  }

  /**
   * Returns the input schema hosts see: without the alias properties (marked {@value #ALIAS_OF}),
   * which calls may still use for compatibility with the Python server but which would only double
   * what the model reads.
   *
   * @return the advertised schema
   */
  public Map<String, Object> advertisedInputSchema() {
    return withoutAliases(inputSchema);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withoutAliases(Map<String, Object> schema) {
    Map<String, Object> out = new LinkedHashMap<>(schema);
    if (schema.get("properties") instanceof Map<?, ?> props) {
      Map<String, Object> kept = new LinkedHashMap<>();
      ((Map<String, Object>) props).forEach((k, v) -> {
        if (v instanceof Map<?, ?> p && !p.containsKey(ALIAS_OF)) {
          kept.put(k, withoutAliases((Map<String, Object>) p));
        } else if (!(v instanceof Map<?, ?>)) {
          kept.put(k, v);
        }
      });
      out.put("properties", kept);
    }
    if (schema.get("items") instanceof Map<?, ?> items) {
      out.put("items", withoutAliases((Map<String, Object>) items));
    }
    return out;
  }

  /** Returns the MCP tool description. */
  public McpSchema.Tool toMcp() {
    McpSchema.Tool.Builder b =
        McpSchema.Tool.builder(name, advertisedInputSchema()).title(title).description(description).annotations(annotations);
    if (outputSchema != null) {
      b.outputSchema(outputSchema);
    }
    return b.build();
  }

  /**
   * Returns hints for hosts.
   *
   * @param readOnly whether the tool changes nothing
   * @param destructive whether it deletes data
   * @param idempotent whether calling it twice is like calling it once
   * @param openWorld whether it talks to systems outside the server (LLMs)
   * @return the annotations
   */
  static McpSchema.ToolAnnotations hints(boolean readOnly, boolean destructive, boolean idempotent, boolean openWorld) {
    return new McpSchema.ToolAnnotations(null, readOnly, destructive, idempotent, openWorld, null);
  }
}
