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
 * @param store holds the sessions
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
   * Returns a session by id.
   *
   * @param id the session's id
   * @return the session
   * @throws SessionNotFoundException if there is none
   * @throws dev.decisionmatrix.model.InvalidDecisionException if the id is not valid
   */
  public Session session(String id) {
    return store.get(id).orElseThrow(() -> new SessionNotFoundException(id, sessionTtl));
  }
}
