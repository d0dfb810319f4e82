package dev.decisionmatrix.store;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The stock {@link DecisionStore}: every live session in a concurrent map, with expiry, a session
 * limit and per-session locks, made durable by a {@link SessionPersistence} (nothing for the
 * in-memory store, one file per session for the file store).
 *
 * <p>Locking: each entry has its own lock, held while a session is changed and persisted, so
 * updates to one session are serialised and updates to different sessions are not. Inserting a new
 * id, evicting and purging also take the structure lock, always before any entry lock; update never
 * takes the structure lock, so the two cannot deadlock. Reads take no lock.
 */
final class IndexedDecisionStore implements DecisionStore {

  private static final System.Logger LOG = System.getLogger(DecisionStore.class.getName());

  /** Purging scans every session, so it runs at most this often (expired sessions are hidden anyway). */
  private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

  private static final Comparator<Session> MOST_RECENT_FIRST =
      Comparator.comparing(Session::lastUsedAt).reversed().thenComparing(Session::id);

  private final StoreOptions options;
  private final SessionPersistence persistence;
  private final String description;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final ReentrantLock structure = new ReentrantLock();
  private volatile Instant lastPurge;

  /** One session slot; {@code removed} is guarded by {@code lock}, {@code session} is written under it. */
  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    volatile Session session;
    boolean removed;

    Entry(Session session) {
      this.session = session;
    }
  }

  IndexedDecisionStore(StoreOptions options, SessionPersistence persistence, String description) {
    this.options = options;
    this.persistence = persistence;
    this.description = description;
    Instant now = options.clock().instant();
    for (Session session : persistence.loadAll()) {
      if (expired(session, now)) {
        forget(session.id(), "it expired");
      } else {
        entries.put(Session.key(session.id()), new Entry(session));
      }
    }
    lastPurge = now;
    structure.lock();
    try {
      while (entries.size() > options.maxSessions()) {
        evictLeastRecentlyUsed();
      }
    } finally {
      structure.unlock();
    }
  }

  @Override
  public Optional<Session> get(String id) {
    String key = Session.key(Session.requireValidId(id));
    Instant now = maybePurge();
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    Session session = entry.session;
    return expired(session, now) ? Optional.empty() : Optional.of(session);
  }

  @Override
  public Session save(Session session) {
    Objects.requireNonNull(session, "session");
    String key = Session.key(session.id());
    maybePurge();
    while (true) {
      Entry existing = entries.get(key);
      if (existing != null) {
        existing.lock.lock();
        try {
          if (existing.removed) {
            continue;
          }
          persistence.write(session);
          existing.session = session;
          return session;
        } finally {
          existing.lock.unlock();
        }
      }
      structure.lock();
      try {
        if (entries.containsKey(key)) {
          continue;
        }
        makeRoomForOneMore(options.clock().instant());
        persistence.write(session);
        entries.put(key, new Entry(session));
        return session;
      } finally {
        structure.unlock();
      }
    }
  }

  @Override
  public Session update(String id, UnaryOperator<Session> change) {
    String key = Session.key(Session.requireValidId(id));
    Objects.requireNonNull(change, "change");
    maybePurge();
    while (true) {
      Entry entry = entries.get(key);
      if (entry == null) {
        throw new SessionNotFoundException(id, options.ttl());
      }
      entry.lock.lock();
      try {
        if (entry.removed) {
          continue;
        }
        Instant now = options.clock().instant();
        Session current = entry.session;
        if (expired(current, now)) {
          removeLocked(entry, current, "it expired");
          throw new SessionNotFoundException(id, options.ttl());
        }
        Session changed = change.apply(current);
        if (changed == null) {
          throw new IllegalArgumentException("the change to session \"" + id + "\" returned null; return the session");
        }
        if (!changed.id().equals(current.id())) {
          throw new IllegalArgumentException(
              "the change to session \"" + id + "\" returned a session with another id (\"" + changed.id() + "\"); keep the id");
        }
        Session touched = changed.touchedAt(now);
        persistence.write(touched);
        entry.session = touched;
        return touched;
      } finally {
        entry.lock.unlock();
      }
    }
  }

  @Override
  public boolean delete(String id) {
    String key = Session.key(Session.requireValidId(id));
    Instant now = maybePurge();
    Entry entry = entries.get(key);
    if (entry == null) {
      return false;
    }
    entry.lock.lock();
    try {
      if (entry.removed) {
        return false;
      }
      Session session = entry.session;
      persistence.delete(session.id());
      entry.removed = true;
      entries.remove(key, entry);
      return !expired(session, now);
    } finally {
      entry.lock.unlock();
    }
  }

  @Override
  public List<Session> list() {
    Instant now = maybePurge();
    List<Session> live = new ArrayList<>(entries.size());
    for (Entry entry : entries.values()) {
      Session session = entry.session;
      if (!expired(session, now)) {
        live.add(session);
      }
    }
    live.sort(MOST_RECENT_FIRST);
    return List.copyOf(live);
  }

  @Override
  public Optional<Session> mostRecent() {
    Instant now = maybePurge();
    Session best = null;
    for (Entry entry : entries.values()) {
      Session session = entry.session;
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
    structure.lock();
    try {
      for (Entry entry : entries.values()) {
        entry.lock.lock();
        try {
          if (entry.removed) {
            continue;
          }
          Session session = entry.session;
          persistence.delete(session.id());
          entry.removed = true;
          entries.remove(Session.key(session.id()), entry);
          if (!expired(session, now)) {
            removed++;
          }
        } finally {
          entry.lock.unlock();
        }
      }
      lastPurge = now;
    } finally {
      structure.unlock();
    }
    return removed;
  }

  @Override
  public String toString() {
    return description;
  }

  private boolean expired(Session session, Instant now) {
    return Duration.between(session.lastUsedAt(), now).compareTo(options.ttl()) >= 0;
  }

  /** Purges expired sessions if the last purge is a minute old; returns now. */
  private Instant maybePurge() {
    Instant now = options.clock().instant();
    Instant last = lastPurge;
    boolean due = now.isBefore(last) || Duration.between(last, now).compareTo(PURGE_INTERVAL) >= 0;
    if (due && structure.tryLock()) {
      try {
        lastPurge = now;
        purgeExpired(now);
      } finally {
        structure.unlock();
      }
    }
    return now;
  }

  /** Caller holds the structure lock. */
  private void purgeExpired(Instant now) {
    for (Entry entry : entries.values()) {
      if (!expired(entry.session, now)) {
        continue;
      }
      entry.lock.lock();
      try {
        Session session = entry.session;
        if (!entry.removed && expired(session, now)) {
          removeLocked(entry, session, "it expired");
        }
      } finally {
        entry.lock.unlock();
      }
    }
  }

  /** Caller holds the structure lock. */
  private void makeRoomForOneMore(Instant now) {
    if (entries.size() < options.maxSessions()) {
      return;
    }
    purgeExpired(now);
    lastPurge = now;
    while (entries.size() >= options.maxSessions()) {
      evictLeastRecentlyUsed();
    }
  }

  /** Caller holds the structure lock. */
  private void evictLeastRecentlyUsed() {
    Entry victim = null;
    for (Entry entry : entries.values()) {
      if (victim == null || entry.session.lastUsedAt().isBefore(victim.session.lastUsedAt())) {
        victim = entry;
      }
    }
    if (victim == null) {
      return;
    }
    victim.lock.lock();
    try {
      if (!victim.removed) {
        Session session = victim.session;
        LOG.log(Level.INFO, "Evicting session {0} (last used {1}) to stay within {2} sessions in {3}",
            session.id(), session.lastUsedAt(), options.maxSessions(), description);
        removeLocked(victim, session, "the store is full");
      }
    } finally {
      victim.lock.unlock();
    }
  }

  /**
   * Removes an entry whose lock the caller holds. A persistence failure is logged rather than
   * thrown: the session is dropped from the index either way, and an expired or evicted file left
   * behind is purged again at the next open.
   */
  private void removeLocked(Entry entry, Session session, String why) {
    entry.removed = true;
    entries.remove(Session.key(session.id()), entry);
    forget(session.id(), why);
  }

  private void forget(String id, String why) {
    try {
      persistence.delete(id);
      LOG.log(Level.DEBUG, "Removed session {0} from {1}: {2}", id, description, why);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Could not delete session " + id + " from " + description + " (" + why + ")", e);
    }
  }
}
