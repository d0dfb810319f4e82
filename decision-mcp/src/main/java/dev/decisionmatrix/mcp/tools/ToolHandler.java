package dev.decisionmatrix.mcp.tools;

/** Handles one tool's calls: parse the arguments, call the engine or the store, format the answer. */
@FunctionalInterface
public interface ToolHandler {

  /**
   * Handles a call.
   *
   * @param args the call's arguments
   * @param context the request's context
   * @return the answer
   * @throws RuntimeException for any failure; {@link ToolCatalog} turns it into an error result
   */
  ToolResult handle(Arguments args, ToolContext context);
}
