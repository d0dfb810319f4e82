package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionChange;
import dev.decisionmatrix.store.SessionCommand;
import java.util.List;
import java.util.Map;

/** The tools that add and remove options and set scores by hand. */
final class OptionTools {

  private final ToolServices services;

  OptionTools(ToolServices services) {
    this.services = services;
  }

  List<ToolDefinition> definitions() {
    return List.of(addOption(), removeOption(), setScore());
  }

  private ToolDefinition addOption() {
    return ToolDefinition.of(
        "add_option",
        "Add an option",
        "Adds an option to a session. Only its new cells are judged on the next evaluate_options; existing judgments are kept.",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},
          "option_name":{"type":"string","description":"The option's name, unique within the session."},
          "name":{"type":"string","x-alias-of":"option_name"},
          "description":{"type":"string","description":"What the option is, as context for the judge."}},
          "required":["session_id"]}""",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"option":{"type":"object"},
          "options":{"type":"array","items":{"type":"string"}},"cells_to_judge":{"type":"integer"}},
          "required":["session_id","option","options"]}""",
        ToolDefinition.hints(false, false, false, false),
        (args, ctx) -> {
          String id = args.requiredText("session_id");
          String name = args.requiredText("option_name", "name");
          Option option = Option.of(name, args.text("description"));
          Session s = services.sessions(ctx).apply(id, new SessionCommand.AddOption(option).within(services.engine().limits())).after();
          Map<String, Object> out = JsonMaps.map();
          out.put("session_id", s.id());
          out.put("option", Map.of("name", option.name(), "description", option.description()));
          out.put("options", s.decision().options().stream().map(Option::name).toList());
          int newCells = s.decision().criteria().size();
          out.put("cells_to_judge", newCells);
          String text = "Added option \"" + option.name() + "\" to session " + s.id() + ". Options now: "
              + String.join(", ", s.decision().options().stream().map(Option::name).toList()) + "."
              + Describe.nextSteps(newCells == 0
                  ? List.of("Add criteria with add_criterion, then call evaluate_options.")
                  : List.of("Call evaluate_options to judge its " + newCells + " new cell" + (newCells == 1 ? "" : "s") + " (existing judgments are kept)."));
          return ToolResult.ok(text, out);
        });
  }

  private ToolDefinition removeOption() {
    return ToolDefinition.of(
        "remove_option",
        "Remove an option",
        "Removes an option and its judgments from a session.",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},
          "option_name":{"type":"string","description":"The option to remove (case-insensitive)."},
          "name":{"type":"string","x-alias-of":"option_name"}},
          "required":["session_id"]}""",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"removed":{"type":"string"},
          "options":{"type":"array","items":{"type":"string"}}},"required":["session_id","removed","options"]}""",
        ToolDefinition.hints(false, true, true, false),
        (args, ctx) -> {
          String id = args.requiredText("session_id");
          String name = args.requiredText("option_name", "name");
          SessionChange change = services.sessions(ctx).apply(id, new SessionCommand.RemoveOption(name));
          String[] removed = {change.before().decision().option(name).name()};
          Session s = change.after();
          Map<String, Object> out = JsonMaps.map();
          out.put("session_id", s.id());
          out.put("removed", removed[0]);
          out.put("options", s.decision().options().stream().map(Option::name).toList());
          return ToolResult.ok(
              "Removed option \"" + removed[0] + "\" and its judgments from session " + s.id() + ". Options now: "
                  + (s.decision().options().isEmpty() ? "none" : String.join(", ", s.decision().options().stream().map(Option::name).toList())) + ".",
              out);
        });
  }

  private ToolDefinition setScore() {
    return ToolDefinition.of(
        "set_score",
        "Set a score by hand",
        "Sets a person's score (1-10) for one cell, with an optional note. Hand-set scores are shown as manual, count in the"
            + " ranking like judged ones and are never replaced by evaluate_options.",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},
          "option":{"type":"string","description":"The option's name."},
          "option_name":{"type":"string","x-alias-of":"option"},
          "criterion":{"type":"string","description":"The criterion's name."},
          "criterion_name":{"type":"string","x-alias-of":"criterion"},
          "score":{"type":"number",${SCORE_RANGE},"description":"1 (worst) to 10 (best); for a cost criterion, how much of the cost."},
          "note":{"type":"string","description":"Why, for the record."}},
          "required":["session_id","score"]}""",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"option":{"type":"string"},"criterion":{"type":"string"},
          "judgment":{"type":"object"}},"required":["session_id","option","criterion","judgment"]}""",
        ToolDefinition.hints(false, false, true, false),
        (args, ctx) -> {
          String id = args.requiredText("session_id");
          String optionName = args.requiredText("option", "option_name");
          String criterionName = args.requiredText("criterion", "criterion_name");
          double score = args.requiredNumber("score", Judgment.MIN_SCORE, Judgment.MAX_SCORE);
          String note = args.text("note");
          int max = services.engine().limits().maxDescriptionLength();
          if (note != null && note.length() > max) {
            throw new ToolInputException(
                "argument \"note\" has " + note.length() + " characters but at most " + max + " are allowed", "Shorten the note.");
          }
          Judgment.Scored judgment = Judgment.Scored.manual(score, note == null ? "" : note.strip());
          Session s = services.sessions(ctx).apply(id, SessionCommand.setScore(optionName, criterionName, judgment)).after();
          String[] names = {s.decision().option(optionName).name(), s.decision().criterion(criterionName).name()};
          Map<String, Object> out = JsonMaps.map();
          out.put("session_id", s.id());
          out.put("option", names[0]);
          out.put("criterion", names[1]);
          out.put("judgment", Describe.judgmentMap(judgment));
          return ToolResult.ok(
              "Set " + names[0] + " x " + names[1] + " to " + Describe.score(score) + "/10 by hand in session " + s.id() + "."
                  + " evaluate_options will not replace it." + Describe.nextSteps(List.of("Call get_decision_matrix to see the updated ranking.")),
              out);
        });
  }
}
