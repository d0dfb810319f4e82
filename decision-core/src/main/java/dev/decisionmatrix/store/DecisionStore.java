package dev.decisionmatrix.store;

import dev.decisionmatrix.model.InvalidDecisionException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Holds named, mutable decision workspaces ({@linkplain Session sessions}) with a time to live.
 * Implementations are thread-safe.
 *
 * <p><b>Ids</b> are checked with {@link Session#requireValidId(String)} (every method that takes an
 * id throws {@link InvalidDecisionException} for one that could name another file) and compared
 * ignoring case.
 *
 * <p><b>Use and expiry.</b> {@link #save(Session) Saving} a session stores it as given, and {@link
 * #update(String, UnaryOperator) updating} it sets its {@link Session#lastUsedAt() last use} to now;
 * reading does not count as use. A session whose last use is {@link StoreOptions#ttl()} or more
 * ago is gone: no method returns it, and a lazy purge (on access, at most about once a minute)
 * deletes it. Saving a new session when the store already holds {@link StoreOptions#maxSessions()}
 * evicts the least recently used one.
 *
 * <p>Stock implementations: {@link #inMemory()} for tests and single runs, {@link #files(Path,
 * StoreOptions)} for sessions that survive restarts.
 */
public interface DecisionStore extends AutoCloseable {

  /**
   * Returns a session.
   *
   * @param id the session's id
   * @return the session, or empty if there is none with this id or it expired
   * @throws InvalidDecisionException if the id is not valid
   */
  Optional<Session> get(String id);

  /**
   * Inserts a session, or replaces the one with the same id. The session is stored as given,
   * including its {@link Session#lastUsedAt()}. Inserting beyond {@link StoreOptions#maxSessions()}
   * evicts the least recently used session.
   *
   * @param session the session
   * @return the session as stored
   * @throws DecisionStoreException if the session could not be persisted (nothing changed then)
   */
  Session save(Session session);

  /**
   * Changes a session atomically: reads the current version, applies {@code change} and stores the
   * result with its last use set to now. Concurrent updates to one session run one after another,
   * so none loses another's change; updates to different sessions run in parallel. Keep {@code
   * change} short: it runs while the session is locked (evaluate first, then merge the result with
   * {@link Session#withEvaluation}).
   *
   * @param id the session's id
   * @param change computes the new version from the current one; must keep the id
   * @return the new version, as stored
   * @throws SessionNotFoundException if there is no session with this id or it expired
   * @throws InvalidDecisionException if the id is not valid, or as thrown by {@code change}
   * @throws IllegalArgumentException if {@code change} returns {@code null} or a session with
   *     another id
   * @throws DecisionStoreException if the new version could not be persisted (nothing changed then)
   * @throws RuntimeException whatever {@code change} throws; nothing changed then
   */
  Session update(String id, UnaryOperator<Session> change);

  /**
   * Deletes a session.
   *
   * @param id the session's id
   * @return {@code true} if a live session was deleted, {@code false} if there was none
   * @throws InvalidDecisionException if the id is not valid
   * @throws DecisionStoreException if the session's file could not be deleted (it is kept then)
   */
  boolean delete(String id);

  /**
   * Returns every live session, most recently used first.
   *
   * @return a snapshot of the sessions
   */
  List<Session> list();

  /**
   * Returns the most recently used live session.
   *
   * @return the session, or empty if the store holds none
   */
  Optional<Session> mostRecent();

  /**
   * Deletes every session.
   *
   * @return how many live sessions were deleted
   * @throws DecisionStoreException if a session's file could not be deleted
   */
  int clear();

  /** Releases what the store holds; the stock stores hold nothing that needs releasing. */
  @Override
  default void close() {}

  /**
   * Returns a new store that keeps sessions in memory only.
   *
   * @param options time to live, session limit and clock
   * @return the store
   */
  static DecisionStore inMemory(StoreOptions options) {
    Objects.requireNonNull(options, "options");
    return new IndexedDecisionStore(options, SessionPersistence.NONE, "DecisionStore.inMemory()");
  }

  /**
   * Returns a new in-memory store with the {@linkplain StoreOptions#defaults() default options}.
   *
   * @return the store
   */
  static DecisionStore inMemory() {
    return inMemory(StoreOptions.defaults());
  }

  /**
   * Opens a store that keeps one JSON file per session in a directory, so sessions survive
   * restarts. The directory is created if needed (owner-only where the file system supports POSIX
   * permissions) and every session file in it is loaded now; files that cannot be read are logged,
   * renamed to {@code <name>.corrupt} and skipped. Each write goes to a temporary file that is
   * synced and then atomically renamed, so a crash never leaves a half-written session. Only one
   * store at a time may use a directory. The file format is documented in {@code REPORTS.md}.
   *
   * @param directory where the session files live
   * @param options time to live, session limit and clock
   * @return the store
   * @throws DecisionStoreException if the directory cannot be created or listed
   */
  static DecisionStore files(Path directory, StoreOptions options) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(options, "options");
    return new IndexedDecisionStore(options, SessionFiles.open(directory), "DecisionStore.files(" + directory + ")");
  }
}
