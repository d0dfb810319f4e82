package dev.decisionmatrix.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One tool: its name, description, input and output schemas, hints and handler. The argument names
 * a call may use are the input schema's properties.
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
        name, title, description, JsonMaps.parse(inputSchema), outputSchema == null ? null : JsonMaps.parse(outputSchema), annotations, handler);
  }

  /** Returns the names the input schema declares. */
  @SuppressWarnings("unchecked")
  public List<String> argumentNames() {
    Object props = inputSchema.get("properties");
    return props instanceof Map<?, ?> m ? List.copyOf(((Map<String, Object>) m).keySet()) : List.of();
  }

  /** Returns the MCP tool description. */
  public McpSchema.Tool toMcp() {
    McpSchema.Tool.Builder b =
        McpSchema.Tool.builder(name, inputSchema).title(title).description(description).annotations(annotations);
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
