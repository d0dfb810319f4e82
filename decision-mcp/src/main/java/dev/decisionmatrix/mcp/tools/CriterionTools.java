package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Measure;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionChange;
import dev.decisionmatrix.store.SessionCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The tools that add, change and remove criteria. */
final class CriterionTools {

  private static final String CRITERION_PROPERTIES =
      """
          "description":{"type":"string","description":"What the criterion means, as context for the judge."},
          "weight":{"type":"number",${WEIGHT_RANGE},"description":"Relative importance, ${MIN_WEIGHT} to ${MAX_WEIGHT} (default ${DEFAULT_WEIGHT}). Never sent to the judge."},
          "direction":{"type":"string","enum":["benefit","cost"],"description":"benefit: more is better (default); cost: more is worse."},
          "rubric":{"type":"string","description":"How to score: what a 1, 5 and 10 look like."},
          "custom_prompt":{"type":"string","x-alias-of":"rubric"},
          "model_backend":{"type":"string","enum":[${BACKENDS},""],
            "description":"Judge this criterion with another backend than the session's (an empty text removes the override)."},
          "model_name":{"type":"string","description":"Model for this criterion."},
          "temperature":{"type":"number",${TEMPERATURE_RANGE},"description":"Temperature for this criterion (0 allowed)."}""";

  private final ToolServices services;

  CriterionTools(ToolServices services) {
    this.services = services;
  }

  List<ToolDefinition> definitions() {
    return List.of(addCriterion(), updateCriterion(), removeCriterion());
  }

  private ToolDefinition addCriterion() {
    return ToolDefinition.of(
        "add_criterion",
        "Add a criterion",
        "Adds a weighted criterion to a session. Only its new cells are judged on the next evaluate_options. With kind \"value\""
            + " and a unit (EUR, ms, yes/no) it takes raw values entered with set_value instead, and is never judged.",
        "{\"type\":\"object\",\"properties\":{\"session_id\":{\"type\":\"string\",\"description\":\"The session, as start_decision_analysis or list_sessions gave it.\"},"
            + "\"name\":{\"type\":\"string\",\"description\":\"The criterion's name, unique within the session.\"},"
            + "\"kind\":{\"type\":\"string\",\"enum\":[\"judged\",\"value\"],\"description\":\"judged: an LLM scores it 1..10 (default);"
            + " value: raw values in a unit that you enter with set_value (never judged).\"},"
            + "\"unit\":{\"type\":\"string\",\"description\":\"For kind value: the unit, e.g. EUR, ms, or yes/no for a yes/no; implies kind value.\"},"
            + CRITERION_PROPERTIES + "},\"required\":[\"session_id\",\"name\"]}",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"criterion":{"type":"object"},
          "criteria":{"type":"array","items":{"type":"string"}},"cells_to_judge":{"type":"integer"}},
          "required":["session_id","criterion","criteria"]}""",
        ToolDefinition.hints(false, false, false, false),
        (args, ctx) -> {
          String id = args.requiredText("session_id");
          Arguments fields = Arguments.of("add_criterion", withoutSessionId(args), DecisionInput.CRITERION_FIELDS);
          Criterion criterion = DecisionInput.criterion(fields, services.judges(), ctx.sampling() != null);
          Session s = services.sessions(ctx).apply(id, new SessionCommand.AddCriterion(criterion).within(services.engine().limits())).after();
          int newCells = criterion.isMeasured() ? 0 : s.decision().options().size();
          Map<String, Object> out = JsonMaps.map();
          out.put("session_id", s.id());
          out.put("criterion", Describe.criterionMap(criterion));
          out.put("criteria", s.decision().criteria().stream().map(Criterion::name).toList());
          out.put("cells_to_judge", newCells);
          return ToolResult.ok(
              "Added criterion " + Describe.criterion(criterion) + " to session " + s.id() + ". Criteria now: "
                  + String.join(", ", s.decision().criteria().stream().map(Criterion::name).toList()) + "."
                  + Describe.nextSteps(criterion.isMeasured()
                      ? List.of("Call set_value for each option to enter its " + criterion.name() + " (no judge is asked).")
                      : List.of("Call evaluate_options to judge its " + newCells + " new cell" + (newCells == 1 ? "" : "s") + " (existing judgments are kept).")),
              out);
        });
  }

  private static Map<String, Object> withoutSessionId(Arguments args) {
    Map<String, Object> m = JsonMaps.map();
    for (String name : DecisionInput.CRITERION_FIELDS) {
      Object v = args.raw(name);
      if (v != null) {
        m.put(name, v);
      }
    }
    return m;
  }

  private ToolDefinition updateCriterion() {
    return ToolDefinition.of(
        "update_criterion",
        "Change a criterion",
        "Changes a criterion: weight, name, description, rubric, direction, its judge, or its kind and unit. Re-weighting keeps"
            + " every judgment (weights never reach the judge); other changes make the criterion's cells be judged again on the next"
            + " evaluate_options, or, for a value criterion, be entered again with set_value.",
        "{\"type\":\"object\",\"properties\":{\"session_id\":{\"type\":\"string\",\"description\":\"The session, as start_decision_analysis or list_sessions gave it.\"},"
            + "\"criterion_name\":{\"type\":\"string\",\"description\":\"The criterion to change (case-insensitive).\"},"
            + "\"name\":{\"type\":\"string\",\"x-alias-of\":\"criterion_name\"},"
            + "\"new_name\":{\"type\":\"string\",\"description\":\"A new name for it.\"},"
            + "\"kind\":{\"type\":\"string\",\"enum\":[\"judged\",\"value\"],\"description\":\"Turn it into a criterion an LLM judges"
            + " (judged) or one that takes raw values in a unit (value); its cells then start empty.\"},"
            + "\"unit\":{\"type\":\"string\",\"description\":\"A new unit for a value criterion, e.g. EUR or ms; implies kind value."
            + " Values entered in the old unit are dropped, since they mean something else now.\"},"
            + CRITERION_PROPERTIES + "},\"required\":[\"session_id\"]}",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"criterion":{"type":"object"},"changed":{"type":"array","items":{"type":"string"}},
          "judgments_kept":{"type":"boolean"},"cells_to_judge":{"type":"integer"},"values_to_enter":{"type":"integer"}},
          "required":["session_id","criterion","changed","judgments_kept"]}""",
        ToolDefinition.hints(false, false, true, false),
        this::update);
  }

  private ToolResult update(Arguments args, ToolContext ctx) {
    String id = args.requiredText("session_id");
    String name = args.requiredText("criterion_name", "name");
    List<String> changed = new ArrayList<>();
    for (String field : List.of("new_name", "weight", "description", "rubric", "custom_prompt", "direction", "model_backend", "model_name", "temperature",
        "kind", "unit")) {
      if (args.has(field)) {
        changed.add(field.equals("custom_prompt") ? "rubric" : field);
      }
    }
    if (changed.isEmpty()) {
      throw new ToolInputException(
          "nothing to change: no new_name, weight, description, rubric, direction, model_backend, model_name, temperature, kind or unit was given",
          "Pass at least one of them, e.g. {\"session_id\": \"...\", \"criterion_name\": \"Cost\", \"weight\": 3}.");
    }
    String newName = args.has("new_name") ? args.requiredText("new_name") : null;
    Double weight = args.number("weight", Criterion.MIN_WEIGHT, Criterion.MAX_WEIGHT);
    String direction = args.text("direction");
    String backend = args.text("model_backend");
    String checkedBackend = backend == null || backend.isBlank() ? backend : services.judges().checkUsable("model_backend", backend, ctx.sampling() != null);
    Double temperature = args.number("temperature", 0, Criterion.MAX_TEMPERATURE);
    String description = args.text("description");
    String rubric = args.text("rubric", "custom_prompt");
    String model = args.text("model_name");
    boolean changesKind = args.has("kind") || args.has("unit");
    Measure measure = changesKind ? DecisionInput.measure(args) : null;

    SessionChange change = services.sessions(ctx).apply(id, new SessionCommand.EditCriterion(name, c -> {
      Criterion.Builder b = c.toBuilder();
      if (newName != null) {
        b.name(newName);
      }
      if (weight != null) {
        b.weight(weight);
      }
      if (description != null) {
        b.description(description);
      }
      if (rubric != null) {
        b.rubric(rubric);
      }
      if (direction != null) {
        b.direction(DecisionInput.direction("direction", direction));
      }
      if (backend != null) {
        b.backend(checkedBackend);
      }
      if (model != null) {
        b.model(model);
      }
      if (temperature != null) {
        b.temperature(temperature);
      }
      if (changesKind) {
        b.measure(measure);
        if (measure != null) {
          // No judge ever scores a value criterion: what only a judge reads goes.
          b.rubric("").backend(null).model(null).temperature(null);
        }
      }
      return b.build();
    }).within(services.engine().limits()));
    Criterion[] before = {change.before().decision().criterion(name)};
    Session s = change.after();
    Criterion after = s.decision().criteria().get(s.decision().criterionIndex(newName != null ? newName : before[0].name()));
    boolean kept = before[0].judgedLike(after);
    int column = s.decision().criterionIndex(after.name());
    int toJudge = 0;
    for (int o = 0; o < s.decision().options().size(); o++) {
      if (s.evaluation().judgment(o, column) == null) {
        toJudge++;
      }
    }
    Map<String, Object> out = JsonMaps.map();
    out.put("session_id", s.id());
    out.put("criterion", Describe.criterionMap(after));
    out.put("changed", changed);
    out.put("judgments_kept", kept);
    out.put("cells_to_judge", toJudge);
    String text;
    if (after.isMeasured() && !kept) {
      out.put("cells_to_judge", 0);
      out.put("values_to_enter", toJudge);
      text = "Updated criterion \"" + before[0].name() + "\" in session " + s.id() + ": now " + Describe.criterion(after) + ".\n"
          + "It takes raw values in " + after.measure() + ", so its " + toJudge + " cell" + (toJudge == 1 ? "" : "s")
          + " start empty; no judge scores them."
          + Describe.nextSteps(List.of("Enter each option's value with set_value.", "Then call get_decision_matrix."));
    } else {
      text = "Updated criterion \"" + before[0].name() + "\" in session " + s.id() + ": now " + Describe.criterion(after) + ".\n"
          + (kept
              ? "Its judgments stay valid (no LLM calls needed); the ranking uses the new values at once."
              : "What the judge is asked changed, so its " + toJudge + " cell" + (toJudge == 1 ? "" : "s") + " will be judged again.")
          + Describe.nextSteps(kept
              ? List.of("Call get_decision_matrix to see the updated ranking.")
              : List.of("Call evaluate_options to judge the criterion's cells again.", "Then call get_decision_matrix."));
    }
    return ToolResult.ok(text, out);
  }

  private ToolDefinition removeCriterion() {
    return ToolDefinition.of(
        "remove_criterion",
        "Remove a criterion",
        "Removes a criterion and its judgments from a session.",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},
          "criterion_name":{"type":"string","description":"The criterion to remove (case-insensitive)."},
          "name":{"type":"string","x-alias-of":"criterion_name"}},
          "required":["session_id"]}""",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"removed":{"type":"string"},
          "criteria":{"type":"array","items":{"type":"string"}}},"required":["session_id","removed","criteria"]}""",
        ToolDefinition.hints(false, true, true, false),
        (args, ctx) -> {
          String id = args.requiredText("session_id");
          String name = args.requiredText("criterion_name", "name");
          SessionChange change = services.sessions(ctx).apply(id, new SessionCommand.RemoveCriterion(name));
          String[] removed = {change.before().decision().criterion(name).name()};
          Session s = change.after();
          Map<String, Object> out = JsonMaps.map();
          out.put("session_id", s.id());
          out.put("removed", removed[0]);
          out.put("criteria", s.decision().criteria().stream().map(Criterion::name).toList());
          return ToolResult.ok(
              "Removed criterion \"" + removed[0] + "\" and its judgments from session " + s.id() + ". Criteria now: "
                  + (s.decision().criteria().isEmpty() ? "none" : String.join(", ", s.decision().criteria().stream().map(Criterion::name).toList())) + ".",
              out);
        });
  }
}
