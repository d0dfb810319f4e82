package dev.decisionmatrix.mcp.tools;

import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.JudgmentJournal;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The sessions of one caller: a view of the server's store through which a caller reads, changes,
 * evaluates and deletes only sessions it owns. Another caller's session is treated exactly like one
 * that does not exist (the same empty answer, the same {@link SessionNotFoundException}), so its id
 * tells nothing. Sessions saved through the view belong to the caller.
 *
 * <p>A session's owner never changes after it is created (the stores refuse an update that would
 * change it), so a check before a store call cannot be outdated by the time the call runs; updates
 * check the owner again inside the store's lock.
 */
final class OwnedSessions implements DecisionStore {

  private final DecisionStore store;
  private final Caller caller;
  private final Duration ttl;

  OwnedSessions(DecisionStore store, Caller caller, Duration ttl) {
    this.store = Objects.requireNonNull(store, "store");
    this.caller = Objects.requireNonNull(caller, "caller");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
  }

  private boolean mine(Session session) {
    return caller.owns(session.owner());
  }

  @Override
  public Optional<Session> get(String id) {
    return store.get(id).filter(this::mine);
  }

  @Override
  public Session save(Session session) {
    Optional<Session> existing = store.get(session.id());
    if (existing.isPresent() && !mine(existing.get())) {
      throw new IllegalArgumentException("session id \"" + session.id() + "\" is taken; create sessions with Session.create");
    }
    Session owned = caller.owns(session.owner()) ? session
        : new Session(session.id(), session.decision(), session.evaluation(), session.settings(), session.createdAt(), session.lastUsedAt(),
            session.revision(), caller.principal());
    return store.save(owned);
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    Objects.requireNonNull(change, "change");
    return store.update(id, current -> {
      if (!mine(current)) {
        throw new SessionNotFoundException(id, ttl);
      }
      return change.apply(current);
    });
  }

  @Override
  public JudgmentJournal journal(String id, Decision decision) {
    requireMine(id);
    return store.journal(id, decision);
  }

  @Override
  public boolean delete(String id) {
    return get(id).isPresent() && store.delete(id);
  }

  @Override
  public List<Session> list() {
    return store.list().stream().filter(this::mine).toList();
  }

  @Override
  public Optional<Session> mostRecent() {
    return list().stream().findFirst();
  }

  @Override
  public int clear() {
    int deleted = 0;
    for (Session s : list()) {
      if (store.delete(s.id())) {
        deleted++;
      }
    }
    return deleted;
  }

  /** The server's store is closed by the server, never through a caller's view. */
  @Override
  public void close() {}

  private void requireMine(String id) {
    if (get(id).isEmpty()) {
      throw new SessionNotFoundException(id, ttl);
    }
  }
}
