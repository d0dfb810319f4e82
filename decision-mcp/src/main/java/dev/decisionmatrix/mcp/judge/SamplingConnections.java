package dev.decisionmatrix.mcp.judge;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sampling backend of each client connection, so every evaluation of one connection shares one
 * backend (one id, hence one limit and one cache namespace in the engine) and two connections never
 * do. The SDK tells handlers nothing when a connection ends, so the registry remembers at most
 * {@value #REMEMBERED} connections and forgets the least recently used idle ones beyond that; a
 * forgotten connection that comes back gets a new number (its earlier cached answers are no longer
 * found, nothing else changes). A connection with an open request is never forgotten. Thread-safe.
 */
final class SamplingConnections {

  /** Most connections remembered; idle ones beyond are forgotten, least recently used first. */
  static final int REMEMBERED = 4096;

  private final int maxInFlight;
  private final int remembered;
  // Guarded by this; access order, eldest first.
  private final LinkedHashMap<Object, SamplingBackend> byConnection = new LinkedHashMap<>(16, 0.75f, true);
  private long connections;

  SamplingConnections(int maxInFlight) {
    this(maxInFlight, REMEMBERED);
  }

  SamplingConnections(int maxInFlight, int remembered) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1 but was " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    this.remembered = remembered;
  }

  /**
   * Attaches an open request to its connection's backend, creating the backend for a new
   * connection. Done under the registry's lock, so a connection is never forgotten between finding
   * its backend and attaching to it.
   *
   * @param client the open request's sampling
   * @return the attachment; close it when the request ends
   */
  synchronized SamplingBackend.Attachment attach(SamplingClient client) {
    Object key = client.connection();
    SamplingBackend backend = byConnection.get(key);
    if (backend == null) {
      backend = new SamplingBackend(client.clientName(), ++connections, maxInFlight);
      byConnection.put(key, backend);
    }
    SamplingBackend.Attachment attachment = backend.attach(client);
    forgetIdleBeyondLimit();
    return attachment;
  }

  private void forgetIdleBeyondLimit() {
    Iterator<Map.Entry<Object, SamplingBackend>> eldestFirst = byConnection.entrySet().iterator();
    while (byConnection.size() > remembered && eldestFirst.hasNext()) {
      if (eldestFirst.next().getValue().idle()) {
        eldestFirst.remove();
      }
    }
  }

  /** Returns how many connections are remembered. */
  synchronized int size() {
    return byConnection.size();
  }
}
