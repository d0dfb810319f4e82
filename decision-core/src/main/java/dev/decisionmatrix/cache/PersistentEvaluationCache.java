package dev.decisionmatrix.cache;

import java.nio.file.Path;

/**
 * A judgment cache that keeps its judgments in a directory, so a restarted process does not pay
 * again for answers it already has. Get one from {@link EvaluationCache#persistent(Path, long,
 * java.time.Duration)}; {@linkplain #close() close} it when done.
 *
 * <p>It never fails its user for want of storage: when the directory cannot be used (another
 * process holds it, it cannot be created, its file is of a newer format, a write fails) the cache
 * logs one warning and goes on in memory only, which {@link #isPersistent()} then tells.
 *
 * <p>Thread-safe.
 */
public interface PersistentEvaluationCache extends EvaluationCache, AutoCloseable {

  /**
   * Returns the directory the judgments are kept in.
   *
   * @return the directory given to the factory, absolute and normalised
   */
  Path directory();

  /**
   * Returns whether judgments stored now reach the directory.
   *
   * @return {@code false} if the cache could not use its directory or gave it up after a write
   *     failed (it then works in memory only), or once it is closed
   */
  boolean isPersistent();

  /**
   * Writes every judgment stored so far to the directory and waits until it is there. Not needed
   * for durability, which the cache provides by itself within a fraction of a second, but useful
   * before copying the directory and in tests.
   */
  void flush();

  /**
   * Returns the bytes this cache has written to its file since it was opened, commits and
   * housekeeping included: divided by the judgments stored, the storage cost of a judgment.
   *
   * @return the bytes written, 0 for a cache that works in memory only
   */
  long bytesWritten();

  /**
   * Writes what is pending, releases the directory for the next process and stops the background
   * writer. Judgments stay readable from memory afterwards but new ones are no longer written.
   * Idempotent.
   */
  @Override
  void close();
}
