package dev.decisionmatrix.testkit.internal;

import dev.decisionmatrix.testkit.RecordedRequest;
import java.util.ArrayDeque;
import java.util.List;

/** A bounded log of the most recent requests. */
public final class RequestLog {

  private final int limit;
  private final ArrayDeque<RecordedRequest> entries = new ArrayDeque<>();

  /** Creates a log that keeps the last {@code limit} requests (0 keeps none). */
  public RequestLog(int limit) {
    this.limit = limit;
  }

  /** Adds a request, dropping the oldest beyond the limit. */
  public void add(RecordedRequest request) {
    if (limit == 0) {
      return;
    }
    synchronized (entries) {
      if (entries.size() == limit) {
        entries.removeFirst();
      }
      entries.addLast(request);
    }
  }

  /** Returns the recorded requests, oldest first. */
  public List<RecordedRequest> snapshot() {
    synchronized (entries) {
      return List.copyOf(entries);
    }
  }

  /** Forgets every request. */
  public void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }
}
