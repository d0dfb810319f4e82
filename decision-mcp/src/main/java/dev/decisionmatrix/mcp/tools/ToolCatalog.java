package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.mcp.judge.JudgeUnavailableException;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.store.DecisionStoreException;
import dev.decisionmatrix.store.SessionNotFoundException;
import dev.decisionmatrix.store.StoreUnavailableException;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every tool the server offers, and the one place that turns failures into answers: whatever a
 * handler throws becomes an {@code isError} result with a clear message and a hint, never a
 * JSON-RPC error and never a stack trace (unexpected failures are logged to stderr).
 */
public final class ToolCatalog {

  private static final System.Logger LOG = System.getLogger(ToolCatalog.class.getName());

  private final Map<String, ToolDefinition> tools = new LinkedHashMap<>();

  /**
   * Creates the catalog.
   *
   * @param services what the tools work with
   */
  public ToolCatalog(ToolServices services) {
    List<ToolDefinition> all = new ArrayList<>();
    SessionTools sessions = new SessionTools(services);
    all.add(sessions.definitions().getFirst());
    all.addAll(new OptionTools(services).definitions());
    all.addAll(new CriterionTools(services).definitions());
    all.add(new SetValueTool(services).definition());
    all.add(new PairwiseWeightsTool(services).definition());
    all.add(new EvaluateTool(services).definition());
    all.add(new MatrixTool(services).definition());
    all.addAll(new AnalysisTools(services).definitions());
    all.add(new ExportTool(services).definition());
    all.addAll(sessions.definitions().subList(1, sessions.definitions().size()));
    ConnectionTool connection = new ConnectionTool(services);
    all.add(connection.definition());
    all.add(connection.bedrockDefinition());
    for (ToolDefinition d : all) {
      tools.put(d.name(), d);
    }
  }

  /** Returns the tool definitions in the order they are listed. */
  public List<ToolDefinition> definitions() {
    return List.copyOf(tools.values());
  }

  /**
   * Returns a tool's definition.
   *
   * @param name the tool's name
   * @return the definition, if there is such a tool
   */
  public Optional<ToolDefinition> definition(String name) {
    return Optional.ofNullable(tools.get(name));
  }

  /**
   * Calls a tool. Never throws: every failure is an error result.
   *
   * @param name the tool's name
   * @param arguments the arguments, may be {@code null}
   * @param context the request's context
   * @return the answer
   */
  public ToolResult call(String name, @Nullable Map<String, Object> arguments, ToolContext context) {
    ToolDefinition tool = tools.get(name);
    if (tool == null) {
      return ToolResult.error("there is no tool \"" + name + "\"", "Use one of: " + String.join(", ", tools.keySet()) + ".");
    }
    return run(tool, arguments, context);
  }

  private static ToolResult run(ToolDefinition tool, @Nullable Map<String, Object> arguments, ToolContext context) {
    try {
      return tool.handler().handle(Arguments.of(tool.name(), arguments, tool.argumentNames()), context);
    } catch (ToolInputException e) {
      return ToolResult.error(e.getMessage(), e.hint());
    } catch (JudgeUnavailableException e) {
      return ToolResult.error(e.getMessage(), e.hint());
    } catch (SessionNotFoundException e) {
      return ToolResult.error(e.getMessage(), "Call list_sessions to see the sessions, or start_decision_analysis to create one.");
    } catch (InvalidDecisionException e) {
      return ToolResult.error(e.getMessage(), "Correct " + e.field() + " and call " + tool.name() + " again.");
    } catch (StoreUnavailableException e) {
      // A store service that is away: its message names the service (never a password or a file).
      LOG.log(Level.WARNING, "tool " + tool.name() + ": " + e.getMessage(), e);
      return ToolResult.error(e.getMessage(), "Try again once the store is reachable.");
    } catch (DecisionStoreException e) {
      // The store's message names files of the server: the log gets it, the client a plain sentence.
      LOG.log(Level.WARNING, "tool " + tool.name() + ": the session store failed: " + e.getMessage(), e);
      return ToolResult.error(
          "the session could not be stored (the server's log has the file and the cause)",
          "Check that the data directory (DECISION_MATRIX_DATA_DIR) exists, is writable and has free space, then try again.");
    } catch (LlmException e) {
      return ToolResult.error(e.getMessage(), LlmBackend.hintFor(e.kind()));
    } catch (Throwable e) {
      LOG.log(Level.ERROR, "tool " + tool.name() + " failed unexpectedly", e);
      return ToolResult.error(
          "internal error in " + tool.name(),
          "This is a bug in decision-mcp; the server's log (stderr) has the details. Try again, or report it.");
    }
  }

  /**
   * Returns the tools as MCP tool specifications.
   *
   * @param contexts builds each request's context from the exchange and the request
   * @return the specifications
   */
  public List<McpServerFeatures.SyncToolSpecification> specifications(ContextFactory contexts) {
    List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>(tools.size());
    for (ToolDefinition tool : tools.values()) {
      specs.add(
          McpServerFeatures.SyncToolSpecification.builder()
              .tool(tool.toMcp())
              .callHandler((exchange, request) -> {
                ToolContext ctx;
                try {
                  ctx = contexts.create(exchange, request);
                } catch (RuntimeException e) {
                  LOG.log(Level.WARNING, "could not read the request's context; going on without progress and sampling", e);
                  ctx = ToolContext.none();
                }
                return run(tool, request.arguments(), ctx).toMcp();
              })
              .build());
    }
    return specs;
  }

  /** Builds a tool call's context from the SDK's exchange and request. */
  @FunctionalInterface
  public interface ContextFactory {
    /**
     * Creates the context.
     *
     * @param exchange the SDK's exchange with the client
     * @param request the tool call
     * @return the context
     */
    ToolContext create(io.modelcontextprotocol.server.McpSyncServerExchange exchange, McpSchema.CallToolRequest request);
  }
}
