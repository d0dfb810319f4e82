package dev.decisionmatrix.mcp;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The JVM's shutdown (SIGTERM, Ctrl+C, {@code System.exit}) told to the server, which then gets
 * time to keep what was paid for. The JVM stops as soon as its shutdown hooks return, so the hook
 * wakes the serving thread and then waits until that thread has cancelled the evaluations, merged
 * their judgments and closed the store and the cache ({@link #close()}), for at most {@link #GRACE}.
 */
final class ShutdownSignal implements AutoCloseable {

  /** The longest a shutdown waits for the server to put its work away. */
  static final Duration GRACE = Duration.ofSeconds(20);

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;
  private Runnable wake = () -> {};
  private boolean requested;

  private ShutdownSignal() {
    this.hook = new Thread(() -> {
      Runnable now;
      synchronized (this) {
        requested = true;
        now = wake;
      }
      now.run();
      try {
        finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "decision-mcp-shutdown");
  }

  /**
   * Registers the hook.
   *
   * @return the signal; close it once everything is put away
   */
  static ShutdownSignal install() {
    ShutdownSignal signal = new ShutdownSignal();
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  /**
   * Sets what tells the serving thread to stop; runs it at once if the shutdown began already.
   *
   * @param action a non-blocking action
   */
  void wakes(Runnable action) {
    boolean now;
    synchronized (this) {
      wake = action;
      now = requested;
    }
    if (now) {
      action.run();
    }
  }

  /** Says that the server has put everything away; a shutdown in progress may now end the JVM. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down already: the hook is running and now returns
    }
  }
}
