package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.engine.DecisionEngine;
import dev.decisionmatrix.mcp.judge.Judges;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionNotFoundException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * What the tools work with: the engine, the session store, the judges and the running evaluations.
 *
 * @param engine judges cells
 * @param store holds every caller's sessions; tools reach them only through {@link #sessions(ToolContext)}
 * @param judges decides which LLM judges
 * @param running the evaluations in progress, for cancellation
 * @param clock the time source for new sessions
 * @param sessionTtl how long unused sessions live, for messages
 */
public record ToolServices(DecisionEngine engine, DecisionStore store, Judges judges, RunningEvaluations running, InstantSource clock, Duration sessionTtl) {

  /** Checks the parts. */
  public ToolServices {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(judges, "judges");
    Objects.requireNonNull(running, "running");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sessionTtl, "sessionTtl");
  }

  /**
   * Returns the sessions a caller may use: a view of the store that holds only the caller's own
   * sessions, and stamps the caller as the owner of the sessions saved through it. Tools use
   * nothing else.
   *
   * @param caller who sent the request
   * @return the caller's sessions
   */
  public DecisionStore sessions(Caller caller) {
    return new OwnedSessions(store, caller, sessionTtl);
  }

  /**
   * Returns the sessions of the request's caller; see {@link #sessions(Caller)}.
   *
   * @param context the request's context
   * @return the caller's sessions
   */
  public DecisionStore sessions(ToolContext context) {
    return sessions(context.caller());
  }

  /**
   * Returns one of the caller's sessions by id.
   *
   * @param context the request's context
   * @param id the session's id
   * @return the session
   * @throws SessionNotFoundException if the caller has none with this id (another caller's session
   *     is not found either)
   * @throws dev.decisionmatrix.model.InvalidDecisionException if the id is not valid
   */
  public Session session(ToolContext context, String id) {
    return sessions(context).get(id).orElseThrow(() -> new SessionNotFoundException(id, sessionTtl));
  }
}
