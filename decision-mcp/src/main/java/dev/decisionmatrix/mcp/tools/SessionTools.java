package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionNotFoundException;
import dev.decisionmatrix.store.SessionSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tools that create, list, find and delete sessions. */
final class SessionTools {

  private static final String SESSION_OUTPUT =
      """
      {"type":"object","properties":{
        "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"topic":{"type":"string"},
        "options":{"type":"array","items":{"type":"string"}},
        "criteria":{"type":"array","items":{"type":"object"}},
        "cells":{"type":"object"},"settings":{"type":"object"},
        "created_at":{"type":"string"},"last_used_at":{"type":"string"}},
        "required":["session_id","topic","options","criteria","cells"]}""";

  private final ToolServices services;

  SessionTools(ToolServices services) {
    this.services = services;
  }

  List<ToolDefinition> definitions() {
    return List.of(start(), listSessions(), currentSession(), deleteSession(), clearAllSessions());
  }

  private ToolDefinition start() {
    return ToolDefinition.of(
        "start_decision_analysis",
        "Start a decision analysis",
        "Starts a decision matrix: a topic, the options to compare and (optionally) weighted criteria. Returns a session_id"
            + " for the other tools. Every cell (option x criterion) is later judged by an LLM with evaluate_options, and"
            + " get_decision_matrix ranks the options by weighted score. Names must be unique (case-insensitive).",
        """
        {"type":"object","properties":{
          "topic":{"type":"string","description":"The decision, ideally as a question, e.g. 'Which database for the billing service?'"},
          "options":{"type":"array","minItems":2,"description":"The alternatives: names, or objects with name and description.",
            "items":{"anyOf":[{"type":"string"},{"type":"object","properties":{"name":{"type":"string"},"description":{"type":"string"}},"required":["name"]}]}},
          "initial_criteria":{"type":"array","description":"Optional criteria to start with (more can be added with add_criterion).",
            "items":{"type":"object","properties":{
              "name":{"type":"string","description":"The criterion's name, unique within the session."},
              "description":{"type":"string","description":"What the criterion means, for the judge."},
              "weight":{"type":"number",${WEIGHT_RANGE},"default":${DEFAULT_WEIGHT},"description":"How much the criterion counts."},
              "direction":{"type":"string","enum":["benefit","cost"],"default":"benefit","description":"benefit: higher is better; cost: lower is better."},
              "rubric":{"type":"string","description":"How to score: what a 1, 5 and 10 look like."},
              "custom_prompt":{"type":"string","x-alias-of":"rubric"},
              "model_backend":{"type":"string","description":"The judge for this criterion; default: the session's."},
              "model_name":{"type":"string","description":"The model for this criterion; default: the session's."},
              "temperature":{"type":"number",${TEMPERATURE_RANGE},"description":"Sampling temperature for this criterion's judgments."}},"required":["name"]}},
          "model_backend":{"type":"string","enum":[${BACKENDS}],
            "description":"Who judges this session's cells. Default: the server's default (MCP sampling with the host's model when the client supports it)."},
          "model_name":{"type":"string","description":"Model for this session, e.g. gpt-4.1-mini; with sampling a preference hint."},
          "temperature":{"type":"number",${TEMPERATURE_RANGE},"description":"Sampling temperature (default 0 for repeatable judgments)."}},
          "required":["topic","options"]}""",
        """
        {"type":"object","properties":{
          "session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"topic":{"type":"string"},
          "options":{"type":"array","items":{"type":"string"}},
          "criteria":{"type":"array","items":{"type":"object"}},
          "judge":{"type":"string"},
          "next_steps":{"type":"array","items":{"type":"string"}}},
          "required":["session_id","topic","options","criteria","next_steps"]}""",
        ToolDefinition.hints(false, false, false, false),
        this::startDecisionAnalysis);
  }

  private ToolResult startDecisionAnalysis(Arguments args, ToolContext ctx) {
    boolean sampling = ctx.sampling() != null;
    String topic = args.requiredText("topic");
    List<Object> rawOptions = args.list("options");
    if (rawOptions == null) {
      throw new ToolInputException(
          "argument \"options\" is required", "Pass the alternatives as an array, e.g. [\"PostgreSQL\", \"MySQL\", \"SQLite\"].");
    }
    List<Option> options = DecisionInput.options("options", rawOptions);
    if (options.size() < 2) {
      throw new ToolInputException(
          "argument \"options\" has " + options.size() + " option" + (options.size() == 1 ? "" : "s") + " but a decision compares at least 2",
          "Pass two or more options; more can be added later with add_option.");
    }
    List<Criterion> criteria = new ArrayList<>();
    List<Object> rawCriteria = args.list("initial_criteria");
    if (rawCriteria != null) {
      for (int i = 0; i < rawCriteria.size(); i++) {
        Arguments c = Arguments.nested("initial_criteria[" + i + "]", rawCriteria.get(i), DecisionInput.CRITERION_FIELDS);
        criteria.add(DecisionInput.criterion(c, services.judges(), sampling));
      }
    }
    String backend = args.text("model_backend");
    if (backend != null && !backend.isBlank()) {
      backend = services.judges().checkUsable("model_backend", backend, sampling);
    }
    SessionSettings settings = new SessionSettings(backend, args.text("model_name"), args.number("temperature", 0, Criterion.MAX_TEMPERATURE));

    // Everything is checked before anything is stored: a bad argument leaves no session behind.
    Decision.Builder builder = Decision.builder(topic).limits(services.engine().limits());
    options.forEach(builder::option);
    criteria.forEach(builder::criterion);
    Decision decision = builder.build();
    String judge = settings.backend() != null ? settings.backend() : services.judges().describeDefault(sampling);
    Session session = services.sessions(ctx).save(Session.create(decision, settings, services.clock().instant(), ctx.caller().principal()));

    List<String> steps = new ArrayList<>();
    if (criteria.isEmpty()) {
      steps.add("Add criteria with add_criterion (name, description, weight 0.1-10, direction benefit|cost).");
    } else {
      steps.add("Optionally add more criteria (add_criterion) or options (add_option).");
    }
    steps.add("Call evaluate_options with session_id \"" + session.id() + "\" to have every cell judged.");
    steps.add("Call get_decision_matrix to see scores, ranking and recommendation.");

    Map<String, Object> out = JsonMaps.map();
    out.put("session_id", session.id());
    out.put("topic", decision.topic());
    out.put("options", decision.options().stream().map(Option::name).toList());
    out.put("criteria", decision.criteria().stream().map(Describe::criterionMap).toList());
    out.put("judge", judge);
    out.put("next_steps", steps);
    String text =
        "Started decision analysis " + session.id() + " on: " + decision.topic()
            + "\nOptions (" + decision.options().size() + "): " + String.join(", ", decision.options().stream().map(Option::name).toList())
            + "\nCriteria (" + decision.criteria().size() + "): "
            + (decision.criteria().isEmpty() ? "none yet" : String.join(", ", decision.criteria().stream().map(Describe::criterion).toList()))
            + "\nJudge: " + judge
            + "\nsession_id: " + session.id()
            + Describe.nextSteps(steps);
    return ToolResult.ok(text, out);
  }

  private ToolDefinition listSessions() {
    return ToolDefinition.of(
        "list_sessions",
        "List sessions",
        "Lists the stored decision sessions, most recently used first, with their topics, options, criteria and how many cells are judged.",
        """
        {"type":"object","properties":{}}""",
        """
        {"type":"object","properties":{
          "sessions":{"type":"array","items":{"type":"object"}},"count":{"type":"integer"}},"required":["sessions","count"]}""",
        ToolDefinition.hints(true, false, true, false),
        (args, ctx) -> {
          List<Session> sessions = services.sessions(ctx).list();
          Map<String, Object> out = JsonMaps.map();
          out.put("sessions", sessions.stream().map(Describe::sessionMap).toList());
          out.put("count", sessions.size());
          if (sessions.isEmpty()) {
            return ToolResult.ok("No sessions yet. Start one with start_decision_analysis.", out);
          }
          StringBuilder text = new StringBuilder(sessions.size() + (sessions.size() == 1 ? " session" : " sessions") + ", most recently used first:");
          for (Session s : sessions) {
            text.append("\n\n").append(Describe.session(s));
          }
          return ToolResult.ok(text.toString(), out);
        });
  }

  private ToolDefinition currentSession() {
    return ToolDefinition.of(
        "current_session",
        "Current session",
        "Returns the most recently used session (to continue where you left off).",
        """
        {"type":"object","properties":{}}""",
        """
        {"type":"object","properties":{"found":{"type":"boolean"},"session":{"type":"object"}},"required":["found"]}""",
        ToolDefinition.hints(true, false, true, false),
        (args, ctx) -> {
          Optional<Session> current = services.sessions(ctx).mostRecent();
          Map<String, Object> out = JsonMaps.map();
          out.put("found", current.isPresent());
          if (current.isEmpty()) {
            return ToolResult.ok("There is no session yet. Start one with start_decision_analysis.", out);
          }
          out.put("session", Describe.sessionMap(current.get()));
          return ToolResult.ok("Most recently used session:\n" + Describe.session(current.get()), out);
        });
  }

  private ToolDefinition deleteSession() {
    return ToolDefinition.of(
        "delete_session",
        "Delete a session",
        "Deletes one session and its judgments.",
        """
        {"type":"object","properties":{"session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."}},"required":["session_id"]}""",
        """
        {"type":"object","properties":{"session_id":{"type":"string","description":"The session, as start_decision_analysis or list_sessions gave it."},"deleted":{"type":"boolean"}},"required":["session_id","deleted"]}""",
        ToolDefinition.hints(false, true, true, false),
        (args, ctx) -> {
          String id = args.requiredText("session_id");
          if (!services.sessions(ctx).delete(id)) {
            throw new SessionNotFoundException(id, services.sessionTtl());
          }
          Map<String, Object> out = JsonMaps.map();
          out.put("session_id", id);
          out.put("deleted", true);
          return ToolResult.ok("Deleted session " + id + ".", out);
        });
  }

  private ToolDefinition clearAllSessions() {
    return ToolDefinition.of(
        "clear_all_sessions",
        "Delete all sessions",
        "Deletes every stored session of the caller (over HTTP with a tokens file: of this principal) and its judgments. Cannot be undone.",
        """
        {"type":"object","properties":{}}""",
        """
        {"type":"object","properties":{"deleted":{"type":"integer"}},"required":["deleted"]}""",
        ToolDefinition.hints(false, true, true, false),
        (args, ctx) -> {
          int deleted = services.sessions(ctx).clear();
          Map<String, Object> out = JsonMaps.map();
          out.put("deleted", deleted);
          return ToolResult.ok("Deleted " + deleted + (deleted == 1 ? " session." : " sessions."), out);
        });
  }
}
