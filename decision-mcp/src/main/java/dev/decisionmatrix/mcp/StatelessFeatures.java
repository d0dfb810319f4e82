package dev.decisionmatrix.mcp;

import dev.decisionmatrix.mcp.tools.Caller;
import dev.decisionmatrix.mcp.tools.PromptCatalog;
import dev.decisionmatrix.mcp.tools.ResourceCatalog;
import dev.decisionmatrix.mcp.tools.ToolCatalog;
import dev.decisionmatrix.mcp.tools.ToolContext;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import java.util.List;

/**
 * The server's tools, resources and prompts for the SDK's stateless transport, where a request has
 * no MCP session: no sampling (the judge is the configured provider), no progress or log
 * notifications, and no cancellation (request ids are only unique within a session, so a
 * {@code notifications/cancelled} could not tell whose request it means). Tool calls go through
 * the same {@link ToolCatalog#call} as with sessions, so answers and errors are the same.
 */
final class StatelessFeatures {

  private StatelessFeatures() {}

  static List<McpStatelessServerFeatures.SyncToolSpecification> tools(ToolCatalog tools) {
    return tools.definitions().stream()
        .map(tool -> McpStatelessServerFeatures.SyncToolSpecification.builder()
            .tool(tool.toMcp())
            .callHandler((transportContext, request) -> tools.call(tool.name(), request.arguments(), ToolContext.of(Caller.of(transportContext))).toMcp())
            .build())
        .toList();
  }

  // Resources are read for the request's caller; prompts only read the request, never the
  // exchange: they are called with none.

  static List<McpStatelessServerFeatures.SyncResourceSpecification> resources(ResourceCatalog resources) {
    return resources.resources().stream()
        .map(spec -> new McpStatelessServerFeatures.SyncResourceSpecification(
            spec.resource(), (transportContext, request) -> resources.read(Caller.of(transportContext), request.uri())))
        .toList();
  }

  static List<McpStatelessServerFeatures.SyncResourceTemplateSpecification> templates(ResourceCatalog resources) {
    return resources.templates().stream()
        .map(spec -> new McpStatelessServerFeatures.SyncResourceTemplateSpecification(
            spec.resourceTemplate(), (transportContext, request) -> resources.read(Caller.of(transportContext), request.uri())))
        .toList();
  }

  static List<McpStatelessServerFeatures.SyncPromptSpecification> prompts(PromptCatalog prompts) {
    return prompts.prompts().stream()
        .map((McpServerFeatures.SyncPromptSpecification spec) -> new McpStatelessServerFeatures.SyncPromptSpecification(
            spec.prompt(), (transportContext, request) -> spec.promptHandler().apply(null, request)))
        .toList();
  }
}
