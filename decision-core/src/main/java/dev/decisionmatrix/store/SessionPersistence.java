package dev.decisionmatrix.store;

import dev.decisionmatrix.model.Decision;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where an {@link IndexedDecisionStore} makes its sessions durable, and the locks that keep writers
 * apart: in memory nothing is stored and the locks are in-JVM only; in a directory other stores,
 * also in other processes, may change the sessions, so the store asks the persistence what is
 * stored now ({@link #refresh}) instead of trusting its index.
 *
 * <p>{@link #write} and {@link #delete} may only be called while holding {@link #lock} of the
 * session.
 */
interface SessionPersistence extends AutoCloseable {

  /**
   * A session as stored, with a stamp that identifies the stored version ({@code null} in memory).
   * Two reads of an unchanged session return equal stamps.
   */
  record Stored(Session session, @Nullable Object stamp) {}

  /** Keeps nothing; in-JVM locks only. Each call returns a new one (locks are per store). */
  static SessionPersistence inMemory() {
    SessionLocks locks = SessionLocks.inMemory();
    return new SessionPersistence() {
      @Override
      public boolean shared() {
        return false;
      }

      @Override
      public Set<String> keys() {
        return Set.of();
      }

      @Override
      public @Nullable Stored refresh(String key, @Nullable Stored known) {
        return known;
      }

      @Override
      public int storedAtMost() {
        throw new UnsupportedOperationException("the in-memory store's index is the truth");
      }

      @Override
      public Stored write(Session session) {
        return new Stored(session, null);
      }

      @Override
      public Stored insert(Session session) {
        return write(session);
      }

      @Override
      public void delete(String id) {}

      @Override
      public SessionLocks.Held lock(String key) {
        return locks.lock(key);
      }

      @Override
      public SessionLocks.Held lockAll() {
        return locks.lockAll();
      }

      @Override
      public SessionLocks.@Nullable Held tryLockAll() {
        return locks.tryLockAll();
      }

      @Override
      public JudgmentJournal journal(String id, Decision decision) {
        return JudgmentJournal.none();
      }

      @Override
      public List<FileJudgmentJournal.Found> journals() {
        return List.of();
      }

      @Override
      public boolean fold(FileJudgmentJournal.Found journal, FileJudgmentJournal.Folder folder) {
        return false;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * Tells whether others may change the stored sessions; if not, the store's index is the truth and
   * {@link #keys()} and {@link #refresh} need not be asked.
   */
  boolean shared();

  /** Returns the keys of every stored session, readable or not (cleaning up what a crash left). */
  Set<String> keys();

  /**
   * Returns the stored version of a session: {@code known} itself if it is still current, a newly
   * read version if the session changed, or {@code null} if it is gone (deleted, or unreadable and
   * then set aside). Safe with or without the session's lock; with it, the answer stays true until
   * the lock is released.
   *
   * @param key the session's key
   * @param known the version the caller knows, or {@code null}
   * @throws DecisionStoreException if the storage cannot be asked
   */
  @Nullable Stored refresh(String key, @Nullable Stored known);

  /**
   * Returns at least as many as the stored sessions, cheaply (without listing the storage if it
   * can); asked only if {@link #shared()}.
   */
  int storedAtMost();

  /**
   * Stores a session, replacing an earlier version; the caller holds the session's lock.
   *
   * @return the stored version
   * @throws DecisionStoreException if it could not be stored; the earlier version is then intact
   */
  Stored write(Session session);

  /**
   * Stores a session that is not stored yet; the caller holds the structure lock and the session's
   * lock.
   *
   * @return the stored version
   * @throws DecisionStoreException if it could not be stored
   */
  Stored insert(Session session);

  /**
   * Forgets a session, doing nothing if it is not stored; the caller holds the session's lock.
   *
   * @throws DecisionStoreException if it could not be deleted
   */
  void delete(String id);

  /** Locks one session against every other writer; see {@link SessionLocks#lock}. */
  SessionLocks.Held lock(String key);

  /** Locks inserting, evicting, purging and clearing; see {@link SessionLocks#lockAll}. */
  SessionLocks.Held lockAll();

  /** Like {@link #lockAll()}, but returns {@code null} at once if another holds it. */
  SessionLocks.@Nullable Held tryLockAll();

  /** Opens a journal for an evaluation of a session; see {@link DecisionStore#journal}. */
  JudgmentJournal journal(String id, Decision decision);

  /** Lists the journals in the storage, live or orphaned. */
  List<FileJudgmentJournal.Found> journals();

  /**
   * Folds a journal whose writer is gone: parses it, hands its evaluation to {@code folder} and
   * deletes it; returns {@code false} if its writer is alive. A journal that cannot be parsed is set
   * aside.
   */
  boolean fold(FileJudgmentJournal.Found journal, FileJudgmentJournal.Folder folder);

  /** Releases the locks' resources. */
  @Override
  void close();
}
