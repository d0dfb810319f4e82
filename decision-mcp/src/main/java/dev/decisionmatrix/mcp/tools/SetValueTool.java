package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Measure;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionCommand;
import java.util.List;
import java.util.Map;

/** The tool that enters a raw value (a price, a latency, a yes/no) for a raw-valued criterion. */
final class SetValueTool {

  private final ToolServices services;

  SetValueTool(ToolServices services) {
    this.services = services;
  }

  ToolDefinition definition() {
    return ToolDefinition.of(
        "set_value",
        "Enter a raw value",
        "Enters a raw value for one cell of a raw-valued criterion (one added with kind \"value\" and a unit): a number in the"
            + " criterion's unit, or true/false for a yes/no criterion. Values are never sent to a judge nor replaced by"
            + " evaluate_options; each ranking method normalises the criterion's column as it prescribes. Pass value null to clear the cell.",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},
          "option":{"type":"string","description":"The option's name."},
          "option_name":{"type":"string","x-alias-of":"option"},
          "criterion":{"type":"string","description":"The raw-valued criterion's name."},
          "criterion_name":{"type":"string","x-alias-of":"criterion"},
          "value":{"anyOf":[{"type":"number"},{"type":"boolean"},{"type":"null"}],"description":"The value in the criterion's unit; true or false for a yes/no criterion; null clears the cell."},
          "unit":{"type":"string","description":"The value's unit, checked against the criterion's (e.g. EUR, ms); optional."},
          "note":{"type":"string","description":"Where the value comes from, for the record."}},
          "required":["session_id","value"]}""",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string"},"option":{"type":"string"},"criterion":{"type":"string"},
          "unit":{"type":"string"},"judgment":{"type":"object"}},"required":["session_id","option","criterion","judgment"]}""",
        ToolDefinition.hints(false, false, true, false),
        this::handle);
  }

  private ToolResult handle(Arguments args, ToolContext ctx) {
    String id = args.requiredText("session_id");
    String optionName = args.requiredText("option", "option_name");
    String criterionName = args.requiredText("criterion", "criterion_name");
    if (!args.has("value")) {
      throw new ToolInputException(
          "argument \"value\" is required", "Pass a number in the criterion's unit, true or false for a yes/no criterion, or null to clear the cell.");
    }
    String unit = args.text("unit");
    String note = args.text("note");
    int max = services.engine().limits().maxDescriptionLength();
    if (note != null && note.length() > max) {
      throw new ToolInputException("argument \"note\" has " + note.length() + " characters but at most " + max + " are allowed", "Shorten the note.");
    }
    Criterion criterion = services.session(ctx, id).decision().criterion(criterionName);
    Measure measure = criterion == null ? null : criterion.measure();
    Object raw = args.raw("value");
    Judgment.Measured value = raw == null ? null : measured(raw, measure, unit, note == null ? "" : note.strip(), criterion);
    Session s = services.sessions(ctx).apply(id, new SessionCommand.SetValue(optionName, criterionName, value)).after();
    Criterion c = s.decision().criterion(criterionName);
    String option = s.decision().option(optionName).name();
    Judgment stored = s.evaluation().judgment(option, c.name());
    Map<String, Object> out = JsonMaps.map();
    out.put("session_id", s.id());
    out.put("option", option);
    out.put("criterion", c.name());
    out.put("unit", c.measure() == null ? "" : c.measure().unit());
    out.put("judgment", Describe.judgmentMap(stored));
    String text = stored instanceof Judgment.Measured m
        ? "Set " + option + " x " + c.name() + " to " + m.display() + " in session " + s.id() + "; evaluate_options will not replace it."
        : "Cleared " + option + " x " + c.name() + " in session " + s.id() + ".";
    return ToolResult.ok(text + Describe.nextSteps(List.of("Call get_decision_matrix to see the updated ranking.")), out);
  }

  /** Reads the value; a session or criterion the store does not know is left for the command to report. */
  private static Judgment.Measured measured(Object raw, Measure measure, String unit, String note, Criterion criterion) {
    if (measure != null && measure.isYesNo()) {
      if (raw instanceof Boolean b) {
        return Judgment.Measured.yesNo(b, note);
      }
      if (raw instanceof String t && (t.strip().equalsIgnoreCase("yes") || t.strip().equalsIgnoreCase("true"))) {
        return Judgment.Measured.yesNo(true, note);
      }
      if (raw instanceof String t && (t.strip().equalsIgnoreCase("no") || t.strip().equalsIgnoreCase("false"))) {
        return Judgment.Measured.yesNo(false, note);
      }
      throw new ToolInputException(
          "argument \"value\" must be true or false for the yes/no criterion \"" + criterion.name() + "\" but was " + Arguments.typeOf(raw),
          "Pass value as a JSON boolean: true for yes, false for no.");
    }
    if (raw instanceof Boolean) {
      throw new ToolInputException(
          "argument \"value\" is a yes/no but criterion \"" + (criterion == null ? "?" : criterion.name()) + "\" takes numbers"
              + (measure == null ? "" : " in " + (measure.unit().isEmpty() ? "no unit" : measure.unit())),
          "Pass a number, or add a yes/no criterion with add_criterion {\"kind\": \"value\", \"unit\": \"yes/no\"}.");
    }
    double number;
    if (raw instanceof Number n) {
      number = n.doubleValue();
    } else if (raw instanceof String t && !t.isBlank()) {
      try {
        number = Double.parseDouble(t.strip());
      } catch (NumberFormatException e) {
        throw new ToolInputException(
            "argument \"value\" must be a number but was the text \"" + Arguments.shorten(t) + "\"",
            "Pass the number alone, e.g. 12.5, and its unit in \"unit\".");
      }
    } else {
      throw new ToolInputException("argument \"value\" must be a number but was " + Arguments.typeOf(raw), "Pass a number, e.g. 12.5.");
    }
    if (!Double.isFinite(number)) {
      throw new ToolInputException("argument \"value\" must be a finite number", "Pass a number such as 12.5.");
    }
    String given = unit != null ? unit : measure == null ? "" : measure.unit();
    return new Judgment.Measured(number, given, note);
  }
}
