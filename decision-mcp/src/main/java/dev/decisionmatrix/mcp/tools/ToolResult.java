package dev.decisionmatrix.mcp.tools;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A tool's answer: readable text for the model and the person, structured content for programs
 * (matching the tool's declared output schema), and whether it is an error.
 *
 * @param text the readable answer
 * @param structured the structured answer, or {@code null} (always {@code null} for errors)
 * @param error whether the call failed
 * @param attachments content after the text, e.g. an image (always empty for errors)
 */
public record ToolResult(String text, @Nullable Map<String, Object> structured, boolean error, List<ToolAttachment> attachments) {

  /** Copies the attachments. */
  public ToolResult {
    attachments = List.copyOf(attachments);
  }

  /**
   * Creates a result without attachments.
   *
   * @param text the readable answer
   * @param structured the structured answer, or {@code null}
   * @param error whether the call failed
   */
  public ToolResult(String text, @Nullable Map<String, Object> structured, boolean error) {
    this(text, structured, error, List.of());
  }

  /**
   * Returns a copy with more content after the text.
   *
   * @param attachment the content, e.g. an image
   * @return the copy
   */
  public ToolResult with(ToolAttachment attachment) {
    java.util.ArrayList<ToolAttachment> all = new java.util.ArrayList<>(attachments);
    all.add(attachment);
    return new ToolResult(text, structured, error, all);
  }

  /**
   * Creates a successful result.
   *
   * @param text the readable answer
   * @param structured the structured answer
   * @return the result
   */
  public static ToolResult ok(String text, Map<String, Object> structured) {
    return new ToolResult(text, structured, false);
  }

  /**
   * Creates an error result with a hint on how to fix it.
   *
   * @param message what went wrong
   * @param hint how to fix it
   * @return the result
   */
  public static ToolResult error(String message, String hint) {
    String m = message.endsWith(".") || message.endsWith("?") ? message : message + ".";
    return new ToolResult("Error: " + m + "\nHow to fix: " + hint, null, true);
  }

  /** Converts to the MCP result. */
  public McpSchema.CallToolResult toMcp() {
    List<McpSchema.Content> content = new java.util.ArrayList<>();
    content.add(McpSchema.TextContent.builder(text).build());
    if (!error) {
      attachments.forEach(a -> content.add(a.toMcp()));
    }
    McpSchema.CallToolResult.Builder b = McpSchema.CallToolResult.builder().content(content).isError(error);
    if (structured != null && !error) {
      b.structuredContent(structured);
    }
    return b.build();
  }
}
