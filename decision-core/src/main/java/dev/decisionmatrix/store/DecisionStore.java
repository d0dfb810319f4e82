package dev.decisionmatrix.store;

import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.InvalidDecisionException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Holds named, mutable decision workspaces ({@linkplain Session sessions}) with a time to live.
 * Implementations are thread-safe; the {@linkplain #files(Path, StoreOptions) file store} is also
 * safe for several stores and processes that share one directory.
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
   * @throws DecisionStoreException if the session's storage cannot be read
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
   * @param change computes the new version from the current one; must keep the id and the owner
   * @return the new version, as stored
   * @throws SessionNotFoundException if there is no session with this id or it expired
   * @throws InvalidDecisionException if the id is not valid, or as thrown by {@code change}
   * @throws IllegalArgumentException if {@code change} returns {@code null} or a session with
   *     another id or owner
   * @throws DecisionStoreException if the new version could not be persisted (nothing changed then)
   * @throws RuntimeException whatever {@code change} throws; nothing changed then
   */
  Session update(String id, UnaryOperator<Session> change);

  /**
   * Applies a command to a session atomically, like {@link #update}: the command sees the current
   * version and the result is stored one revision later. This is the way to change a session; the
   * MCP server's tools use nothing else.
   *
   * @param id the session's id
   * @param command the change
   * @return the session before and after the change
   * @throws SessionNotFoundException if there is no session with this id or it expired
   * @throws InvalidDecisionException if the id is not valid or the command does not fit the session
   * @throws DecisionStoreException if the new version could not be persisted (nothing changed then)
   */
  default SessionChange apply(String id, SessionCommand command) {
    Objects.requireNonNull(command, "command");
    Session[] before = new Session[1];
    Session after = update(id, current -> {
      before[0] = current;
      return command.applyTo(current);
    });
    return new SessionChange(before[0], after);
  }

  /**
   * Applies a command only if the session is still at the revision the caller read (optimistic
   * concurrency): use it when the command was decided on from what that revision showed.
   *
   * @param id the session's id
   * @param expectedRevision the {@link Session#revision()} the caller read
   * @param command the change
   * @return the session before and after the change
   * @throws SessionConflictException if the session's revision is another; nothing changed then
   * @throws SessionNotFoundException if there is no session with this id or it expired
   * @throws InvalidDecisionException if the id is not valid or the command does not fit the session
   * @throws DecisionStoreException if the new version could not be persisted (nothing changed then)
   */
  default SessionChange apply(String id, long expectedRevision, SessionCommand command) {
    Objects.requireNonNull(command, "command");
    return apply(id, new SessionCommand.AtRevision(expectedRevision, command));
  }

  /**
   * Opens a journal that makes an evaluation's judgments durable as they land, before they are
   * merged into the session; see {@link JudgmentJournal}. The file store writes one journal file per
   * evaluation and folds journals left by a crashed process into their sessions when it opens the
   * directory; the in-memory store returns {@link JudgmentJournal#none()}.
   *
   * @param id the session's id
   * @param decision the decision as the evaluation sees it
   * @return the journal; close it when the evaluation is merged
   * @throws InvalidDecisionException if the id is not valid
   * @throws DecisionStoreException if the journal could not be created
   */
  default JudgmentJournal journal(String id, Decision decision) {
    Session.requireValidId(id);
    return JudgmentJournal.none();
  }

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
   * @throws DecisionStoreException if the storage cannot be listed
   */
  List<Session> list();

  /**
   * Returns the most recently used live session.
   *
   * @return the session, or empty if the store holds none
   * @throws DecisionStoreException if the storage cannot be listed
   */
  Optional<Session> mostRecent();

  /**
   * Deletes every session.
   *
   * @return how many live sessions were deleted
   * @throws DecisionStoreException if a session's file could not be deleted
   */
  int clear();

  /**
   * Releases what the store holds. The in-memory store holds nothing and keeps working; the file
   * store lets go of its directory's lock file, and using it afterwards throws {@link
   * DecisionStoreException}. Closing twice does nothing.
   */
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
    return new IndexedDecisionStore(options, SessionPersistence.inMemory(), "DecisionStore.inMemory()");
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
   * permissions). Each write goes to a temporary file that is synced and then atomically renamed, so
   * a crash never leaves a half-written session. The file format is documented in {@code
   * REPORTS.md}.
   *
   * <p><b>Several stores, several processes.</b> Any number of stores may use one directory at the
   * same time, in one JVM or in several processes on one machine (for example two MCP servers that
   * two hosts started with the same data directory). Every change of a session ({@link #save},
   * {@link #update}, {@link #delete}, {@link #clear}, eviction, expiry) holds an exclusive lock on
   * that session that every store respects, across processes (a byte-range lock of the directory's
   * {@code .lock} file, which is created on demand and must never be deleted while a store runs).
   * Under the lock the store re-reads the session if another store changed it, applies the change to
   * that version and writes it back, so no store loses another's update. Reads see other stores'
   * changes: {@link #get} checks the session's file (one {@code stat}; the file is parsed again only
   * if it changed), {@link #list()} and {@link #mostRecent()} rescan the directory, reading only new
   * and changed files. Updates to different sessions run in parallel. The session limit is kept
   * across stores when they insert; a store opened with a smaller limit evicts down to it.
   *
   * <p><b>Files that are not sessions.</b> Files that cannot be read are logged, renamed to {@code
   * <name>.corrupt} and skipped, never fatal; a file of a newer schema version is skipped and left
   * in place; temporary files at least a minute old (left by a crashed writer) are deleted, younger
   * ones may belong to a writer in another process and are left alone.
   *
   * <p>Sessions are loaded when the store opens. Locking relies on the file system's advisory
   * locks; on one that has none the store logs a warning and only one process may use the directory.
   * Call {@link #close()} when done, to release the lock file.
   *
   * @param directory where the session files live
   * @param options time to live, session limit and clock
   * @return the store
   * @throws DecisionStoreException if the directory or its lock file cannot be created, or the
   *     directory cannot be listed
   */
  static DecisionStore files(Path directory, StoreOptions options) {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(options, "options");
    return new IndexedDecisionStore(options, SessionFiles.open(directory), "DecisionStore.files(" + directory + ")");
  }
}
