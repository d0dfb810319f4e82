package dev.decisionmatrix.store;

import java.util.List;

/**
 * Where an {@link IndexedDecisionStore} makes its sessions durable. Calls for one id never overlap
 * (the store holds that session's lock), calls for different ids may.
 */
interface SessionPersistence {

  /** Keeps nothing: the in-memory store. */
  SessionPersistence NONE =
      new SessionPersistence() {
        @Override
        public List<Session> loadAll() {
          return List.of();
        }

        @Override
        public void write(Session session) {}

        @Override
        public void delete(String id) {}
      };

  /** Reads every stored session (once, when the store opens), skipping unreadable ones. */
  List<Session> loadAll();

  /**
   * Stores a session, replacing an earlier version.
   *
   * @throws DecisionStoreException if it could not be stored; the earlier version is then intact
   */
  void write(Session session);

  /**
   * Forgets a session; does nothing if it is not stored.
   *
   * @throws DecisionStoreException if it could not be deleted
   */
  void delete(String id);
}
