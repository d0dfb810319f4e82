package dev.decisionmatrix.mcp.tools;

import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/** The server's prompts: {@code decision_analysis_guide}, which walks a host through a decision. */
public final class PromptCatalog {

  /** The guide prompt's name. */
  public static final String GUIDE = "decision_analysis_guide";

  /** Returns the prompts. */
  public List<McpServerFeatures.SyncPromptSpecification> prompts() {
    McpSchema.Prompt prompt =
        McpSchema.Prompt.builder(GUIDE)
            .title("Decision analysis guide")
            .description("Guides you through a weighted decision matrix: options, criteria, LLM judgments, ranking.")
            .arguments(
                List.of(
                    McpSchema.PromptArgument.builder("topic")
                        .title("Decision topic")
                        .description("The decision to make, e.g. 'Which CI service should we adopt?'")
                        .required(false)
                        .build()))
            .build();
    return List.of(new McpServerFeatures.SyncPromptSpecification(prompt, (exchange, request) -> guide(request.arguments())));
  }

  /**
   * Builds the guide.
   *
   * @param arguments the prompt's arguments (topic), may be {@code null}
   * @return the prompt's messages
   */
  public static McpSchema.GetPromptResult guide(Map<String, Object> arguments) {
    Object topic = arguments == null ? null : arguments.get("topic");
    String subject = topic instanceof String s && !s.isBlank() ? "this decision: " + s.strip() : "a decision I need to make";
    String text =
        "Help me analyse " + subject + "\n\n"
            + "Use the decision-matrix tools step by step:\n"
            + "1. Ask me for (or propose) 3-6 concrete options and 4-7 criteria. For each criterion agree on a weight (0.1-10,"
            + " default 1), a direction (benefit: more is better; cost: more is worse) and, where useful, a rubric saying what"
            + " a 1, 5 and 10 look like.\n"
            + "2. Call start_decision_analysis with the topic, the options and the criteria (initial_criteria).\n"
            + "3. Call evaluate_options to have every option judged on every criterion. Report failed cells instead of"
            + " ignoring them and retry them with scope \"failed\".\n"
            + "4. Call get_decision_matrix and explain the ranking: the winner, its margin over the runner-up, whether the"
            + " result is a clear win, close or a tie, and which criteria drive it.\n"
            + "5. Offer what-ifs: change weights with update_criterion (no new LLM calls), add an option or criterion (only"
            + " new cells are judged), or set a score I know better with set_score.\n"
            + "Keep the decision mine: show the numbers, state uncertainty, and do not present a close result as a clear winner.";
    return McpSchema.GetPromptResult.builder(
            List.of(new McpSchema.PromptMessage(McpSchema.Role.USER, McpSchema.TextContent.builder(text).build())))
        .description("A step-by-step guide to a weighted decision matrix")
        .build();
  }
}
