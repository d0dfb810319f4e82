package dev.decisionmatrix.testkit;

import java.util.Map;

/**
 * An immutable snapshot of the simulator's counters, taken by {@link LlmSimulator#stats()}.
 * Counters start at zero and return to zero on {@link LlmSimulator#reset()}; the gauges ({@code
 * inFlight}, {@code queued}, {@code held}) always show the present.
 *
 * @param requests requests received, all endpoints (chat and model listings)
 * @param requestsByProtocol requests received per protocol; every protocol is present
 * @param bytesReceived request body bytes received
 * @param bytesSent response body bytes sent
 * @param inFlight chat requests being processed now (holding a capacity slot when there is a
 *     capacity limit); queued and held requests are not in flight
 * @param maxInFlight the most chat requests ever in flight at once since start or reset
 * @param queued requests waiting for a capacity slot now ({@link Overflow#QUEUE})
 * @param held requests held unanswered now by a {@linkplain Fault#timeout() timeout fault}
 * @param rejected requests rejected with 429 because all capacity slots were taken
 * @param rateLimited responses with status 429 sent, from capacity rejections and from faults
 * @param faults faults injected, per fault; faults never injected are absent
 * @param statuses responses sent per HTTP status (a truncated body counts as its status)
 * @param inputTokens simulated input tokens reported in usage fields
 * @param outputTokens simulated output tokens reported in usage fields
 */
public record SimStats(
    long requests,
    Map<Protocol, Long> requestsByProtocol,
    long bytesReceived,
    long bytesSent,
    int inFlight,
    int maxInFlight,
    int queued,
    int held,
    long rejected,
    long rateLimited,
    Map<Fault, Long> faults,
    Map<Integer, Long> statuses,
    long inputTokens,
    long outputTokens) {

  /**
   * Creates a snapshot; the maps are copied.
   *
   * @throws NullPointerException if a map is null
   */
  public SimStats {
    requestsByProtocol = Map.copyOf(requestsByProtocol);
    faults = Map.copyOf(faults);
    statuses = Map.copyOf(statuses);
  }

  /**
   * Returns the number of requests received for one protocol.
   *
   * @param protocol the protocol
   * @return the count, 0 when none
   */
  public long requestCount(Protocol protocol) {
    return requestsByProtocol.getOrDefault(protocol, 0L);
  }

  /**
   * Returns how often a fault was injected.
   *
   * @param fault the fault, for example {@code Fault.status(503)}
   * @return the count, 0 when never
   */
  public long faultCount(Fault fault) {
    return faults.getOrDefault(fault, 0L);
  }

  /**
   * Returns how many responses with a status were sent.
   *
   * @param status the HTTP status
   * @return the count, 0 when none
   */
  public long statusCount(int status) {
    return statuses.getOrDefault(status, 0L);
  }
}
