package dev.decisionmatrix.store;

import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.SessionPersistence.Stored;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The stock {@link DecisionStore}: an index of sessions in a concurrent map, with expiry, a session
 * limit and per-session locks, made durable by a {@link SessionPersistence} (nothing for the
 * in-memory store, one file per session for the file store).
 *
 * <p><b>The index.</b> In memory the index is the truth. For files it is a cache of parsed sessions,
 * each with the stamp of the file version it came from, because other stores (in this or another
 * process) may change the directory: every read asks the persistence whether the file still has
 * that stamp (one {@code stat}) and re-reads it if not; {@link #list()}, {@link #mostRecent()},
 * {@link #clear()} and purging first rescan the directory ({@code stat} per file, reading only new
 * and changed files), and inserting rescans it when the session limit may have been reached. Readers
 * take no lock and fix the index with compare-and-set, so they never overwrite a newer version a
 * writer put there; a stale entry one of them leaves behind is caught by the next read.
 *
 * <p><b>Locking.</b> Writers hold the session's lock ({@link SessionPersistence#lock}, across
 * processes for files) while they refresh the session from its file, change it and write it back,
 * so updates to one session are serialised wherever they come from, and updates to different
 * sessions are not. Inserting a new id, evicting, purging and clearing also take the structure lock
 * ({@link SessionPersistence#lockAll}), always before any session lock, and no thread holds two
 * session locks at once (only the same one twice: they are reentrant), so none of these can
 * deadlock, in one process or across processes.
 */
@SuppressWarnings("try") // a lock held by try-with-resources is not referenced in the block
final class IndexedDecisionStore implements DecisionStore {

  private static final System.Logger LOG = System.getLogger(DecisionStore.class.getName());

  /** Purging scans every session, so it runs at most this often (expired sessions are hidden anyway). */
  private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

  private static final Comparator<Session> MOST_RECENT_FIRST =
      Comparator.comparing(Session::lastUsedAt).reversed().thenComparing(Session::id);

  private final StoreOptions options;
  private final SessionPersistence persistence;
  private final String description;
  private final ConcurrentHashMap<String, Stored> index = new ConcurrentHashMap<>();
  private volatile Instant lastPurge;

  IndexedDecisionStore(StoreOptions options, SessionPersistence persistence, String description) {
    this.options = options;
    this.persistence = persistence;
    this.description = description;
    Instant now = options.clock().instant();
    lastPurge = now;
    try {
      // Parse everything before taking the structure lock, so other processes wait only for the purge.
      sync();
      try (SessionLocks.Held all = persistence.lockAll()) {
        sync();
        purgeExpired(now);
        while (index.size() > options.maxSessions() && evictLeastRecentlyUsed()) {
          // each round evicts one session or learns that it was used meanwhile
        }
        foldOrphanedJournals();
      }
    } catch (RuntimeException e) {
      persistence.close();
      throw e;
    }
  }

  @Override
  public Optional<Session> get(String id) {
    String key = Session.key(Session.requireValidId(id));
    Instant now = maybePurge();
    Stored stored = current(key);
    return stored == null || expired(stored.session(), now) ? Optional.empty() : Optional.of(stored.session());
  }

  @Override
  public Session save(Session session) {
    Objects.requireNonNull(session, "session");
    String key = Session.key(session.id());
    maybePurge();
    while (true) {
      try (SessionLocks.Held held = persistence.lock(key)) {
        if (currentLocked(key) != null) {
          index.put(key, persistence.write(session));
          return session;
        }
      }
      try (SessionLocks.Held all = persistence.lockAll()) {
        // Nobody creates a session without the structure lock, so absent now means absent until we write.
        try (SessionLocks.Held held = persistence.lock(key)) {
          if (currentLocked(key) != null) {
            continue;
          }
        }
        makeRoomForOneMore(options.clock().instant());
        try (SessionLocks.Held held = persistence.lock(key)) {
          index.put(key, persistence.insert(session));
          return session;
        }
      }
    }
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    String key = Session.key(Session.requireValidId(id));
    Objects.requireNonNull(change, "change");
    maybePurge();
    try (SessionLocks.Held held = persistence.lock(key)) {
      Stored current = currentLocked(key);
      if (current == null) {
        throw new SessionNotFoundException(id, options.ttl());
      }
      Instant now = options.clock().instant();
      if (expired(current.session(), now)) {
        removeLocked(key, current, "it expired");
        throw new SessionNotFoundException(id, options.ttl());
      }
      Session changed = change.apply(current.session());
      if (changed == null) {
        throw new IllegalArgumentException("the change to session \"" + id + "\" returned null; return the session");
      }
      if (!changed.id().equals(current.session().id())) {
        throw new IllegalArgumentException(
            "the change to session \"" + id + "\" returned a session with another id (\"" + changed.id() + "\"); keep the id");
      }
      if (!Objects.equals(changed.owner(), current.session().owner())) {
        throw new IllegalArgumentException("the change to session \"" + id + "\" returned a session with another owner; keep the owner");
      }
      Session touched = changed.stamped(now, current.session().revision() + 1);
      index.put(key, persistence.write(touched));
      return touched;
    }
  }

  @Override
  public JudgmentJournal journal(String id, Decision decision) {
    Session.requireValidId(id);
    Objects.requireNonNull(decision, "decision");
    return persistence.journal(id, decision);
  }

  /**
   * Folds the journals of evaluations whose process died into their sessions. A fold is a change
   * (one more revision) but not a use: the session's last use stays. Journals of sessions that are
   * gone are deleted.
   */
  private void foldOrphanedJournals() {
    for (FileJudgmentJournal.Found journal : persistence.journals()) {
      try (SessionLocks.Held held = persistence.lock(journal.key())) {
        persistence.fold(journal, recovered -> {
          Stored current = currentLocked(journal.key());
          if (current == null) {
            return;
          }
          Session session = current.session();
          Session folded = session.merge(recovered).stamped(session.lastUsedAt(), session.revision() + 1);
          index.put(journal.key(), persistence.write(folded));
          int judged = recovered.counts().scored() + recovered.counts().abstained();
          LOG.log(Level.INFO, "Recovered {0} judgments of an interrupted evaluation of session {1} from its journal",
              judged, session.id());
        });
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Could not fold the judgment journal of session " + journal.key() + "; it is kept and tried again when a store opens the directory", e);
      }
    }
  }

  @Override
  public boolean delete(String id) {
    String key = Session.key(Session.requireValidId(id));
    Instant now = maybePurge();
    try (SessionLocks.Held held = persistence.lock(key)) {
      Stored current = currentLocked(key);
      if (current == null) {
        return false;
      }
      persistence.delete(current.session().id());
      index.remove(key);
      return !expired(current.session(), now);
    }
  }

  @Override
  public List<Session> list() {
    Instant now = maybePurge();
    sync();
    List<Session> live = new ArrayList<>(index.size());
    for (Stored stored : index.values()) {
      if (!expired(stored.session(), now)) {
        live.add(stored.session());
      }
    }
    live.sort(MOST_RECENT_FIRST);
    return List.copyOf(live);
  }

  @Override
  public Optional<Session> mostRecent() {
    Instant now = maybePurge();
    sync();
    Session best = null;
    for (Stored stored : index.values()) {
      Session session = stored.session();
      if (!expired(session, now) && (best == null || MOST_RECENT_FIRST.compare(session, best) < 0)) {
        best = session;
      }
    }
    return Optional.ofNullable(best);
  }

  @Override
  public int clear() {
    Instant now = options.clock().instant();
    int removed = 0;
    try (SessionLocks.Held all = persistence.lockAll()) {
      sync();
      for (String key : List.copyOf(index.keySet())) {
        try (SessionLocks.Held held = persistence.lock(key)) {
          Stored current = currentLocked(key);
          if (current == null) {
            continue;
          }
          persistence.delete(current.session().id());
          index.remove(key);
          if (!expired(current.session(), now)) {
            removed++;
          }
        }
      }
      lastPurge = now;
    }
    return removed;
  }

  @Override
  public void close() {
    persistence.close();
  }

  @Override
  public String toString() {
    return description;
  }

  private boolean expired(Session session, Instant now) {
    return Duration.between(session.lastUsedAt(), now).compareTo(options.ttl()) >= 0;
  }

  /** The stored version of a session, without a lock; fixes the index only if no writer got there first. */
  private @Nullable Stored current(String key) {
    Stored known = index.get(key);
    if (!persistence.shared()) {
      return known;
    }
    Stored found = persistence.refresh(key, known);
    if (found != known) {
      if (found == null) {
        index.remove(key, known);
      } else if (known == null) {
        index.putIfAbsent(key, found);
      } else {
        index.replace(key, known, found);
      }
    }
    return found;
  }

  /** The stored version of a session whose lock the caller holds; it stays current until the lock is released. */
  private @Nullable Stored currentLocked(String key) {
    Stored known = index.get(key);
    if (!persistence.shared()) {
      return known;
    }
    Stored found = persistence.refresh(key, known);
    if (found == null) {
      index.remove(key);
    } else if (found != known) {
      index.put(key, found);
    }
    return found;
  }

  /** Brings the index up to date with the directory: new, changed and vanished sessions. */
  private void sync() {
    if (!persistence.shared()) {
      return;
    }
    Set<String> keys = new HashSet<>(persistence.keys());
    keys.addAll(index.keySet());
    for (String key : keys) {
      current(key);
    }
  }

  /** Purges expired sessions if the last purge is a minute old; returns now. */
  private Instant maybePurge() {
    Instant now = options.clock().instant();
    Instant last = lastPurge;
    boolean due = now.isBefore(last) || Duration.between(last, now).compareTo(PURGE_INTERVAL) >= 0;
    if (due) {
      SessionLocks.Held all = persistence.tryLockAll();
      if (all != null) {
        try {
          lastPurge = now;
          sync();
          purgeExpired(now);
        } finally {
          all.close();
        }
      }
    }
    return now;
  }

  /** Caller holds the structure lock. */
  private void purgeExpired(Instant now) {
    for (Map.Entry<String, Stored> entry : index.entrySet()) {
      if (!expired(entry.getValue().session(), now)) {
        continue;
      }
      String key = entry.getKey();
      try (SessionLocks.Held held = persistence.lock(key)) {
        Stored current = currentLocked(key);
        if (current != null && expired(current.session(), now)) {
          removeLocked(key, current, "it expired");
        }
      }
    }
  }

  /** Caller holds the structure lock. */
  private void makeRoomForOneMore(Instant now) {
    if ((persistence.shared() ? persistence.storedAtMost() : index.size()) < options.maxSessions()) {
      return;
    }
    sync();
    purgeExpired(now);
    lastPurge = now;
    while (index.size() >= options.maxSessions() && evictLeastRecentlyUsed()) {
      // each round evicts one session or learns that it was used meanwhile
    }
  }

  /**
   * Evicts the least recently used session unless it was used since the index learnt of it. Caller
   * holds the structure lock. Returns {@code false} if there is nothing to evict.
   */
  private boolean evictLeastRecentlyUsed() {
    Map.Entry<String, Stored> victim = null;
    for (Map.Entry<String, Stored> entry : index.entrySet()) {
      if (victim == null || entry.getValue().session().lastUsedAt().isBefore(victim.getValue().session().lastUsedAt())) {
        victim = entry;
      }
    }
    if (victim == null) {
      return false;
    }
    String key = victim.getKey();
    try (SessionLocks.Held held = persistence.lock(key)) {
      Stored current = currentLocked(key);
      if (current != null && current.session().lastUsedAt().equals(victim.getValue().session().lastUsedAt())) {
        Session session = current.session();
        LOG.log(Level.INFO, "Evicting session {0} (last used {1}) to stay within {2} sessions in {3}",
            session.id(), session.lastUsedAt(), options.maxSessions(), description);
        removeLocked(key, current, "the store is full");
      }
    }
    return true;
  }

  /**
   * Removes a session whose lock the caller holds. A persistence failure is logged rather than
   * thrown: the session is dropped from the index either way, and an expired or evicted file left
   * behind is purged again later.
   */
  private void removeLocked(String key, Stored stored, String why) {
    index.remove(key);
    String id = stored.session().id();
    try {
      persistence.delete(id);
      LOG.log(Level.DEBUG, "Removed session {0} from {1}: {2}", id, description, why);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not delete session " + id + " from " + description + " (" + why + ")", e);
    }
  }
}
