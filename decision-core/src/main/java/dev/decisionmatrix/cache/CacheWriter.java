package dev.decisionmatrix.cache;

import dev.decisionmatrix.judge.Judgment;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.jspecify.annotations.Nullable;

/**
 * Writes to an open {@link CacheFile}. Callers only enqueue (a put costs a queue offer); one
 * platform thread, which nothing else interrupts, applies the queue to the MVStore map, so an
 * interrupted caller can never make the file channel close under MVStore. MVStore's own background
 * thread commits the changes every {@value CacheFile#COMMIT_DELAY_MILLIS} ms (a group commit), so a
 * killed process loses at most the judgments of that last moment, and compacts the file as entries
 * die. Commits are written but not forced to the device: a process crash loses nothing written, a
 * power cut may lose what the operating system had not yet written back, which is acceptable for a
 * cache. {@link #close()} commits and forces.
 *
 * <p>A failed write is logged once and ends writing: the cache goes on in memory only. Thread-safe.
 */
final class CacheWriter {

  private static final System.Logger LOG = System.getLogger(EvaluationCache.class.getName());

  /** Operations waiting for the writer beyond this are dropped (the judgment stays in memory). */
  static final int MAX_PENDING = 1 << 16;

  private static final int BATCH = 1024;

  private sealed interface Op {}

  private record Put(long seq, CacheKey key, Judgment judgment, long storedAtMillis) implements Op {}

  private record Delete(long seq) implements Op {}

  private record Clear() implements Op {}

  private record Flush(CompletableFuture<@Nullable Void> done) implements Op {}

  private record Stop() implements Op {}

  private final Path file;
  private final MVStore store;
  private final CacheFile.Health health;
  private final CacheFile.CountingFileStore fileStore;
  private final MVMap<Long, String> judgments;
  private final AtomicLong nextSeq;
  private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>(MAX_PENDING);
  private final AtomicBoolean overflowWarned = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final Thread writer;
  private volatile boolean running = true;

  CacheWriter(Path file, CacheFile.Opened opened) {
    this.file = file;
    this.store = opened.store();
    this.health = opened.health();
    this.fileStore = opened.fileStore();
    this.judgments = opened.judgments();
    this.nextSeq = new AtomicLong(opened.nextSeq());
    this.writer = Thread.ofPlatform().daemon().name("judgment-cache-writer").unstarted(this::run);
  }

  void start() {
    writer.start();
  }

  /** Returns the number the next stored judgment gets. */
  long nextSeq() {
    return nextSeq.getAndIncrement();
  }

  /** Queues a judgment for writing. */
  void put(long seq, CacheKey key, Judgment judgment, long storedAtMillis) {
    enqueue(new Put(seq, key, judgment, storedAtMillis));
  }

  /** Queues the deletion of a judgment that was overwritten, evicted or expired. */
  void delete(long seq) {
    enqueue(new Delete(seq));
  }

  /** Queues the deletion of every judgment. */
  void clear() {
    enqueue(new Clear());
  }

  private void enqueue(Op op) {
    if (!running) {
      return;
    }
    if (!queue.offer(op) && overflowWarned.compareAndSet(false, true)) {
      LOG.log(Level.WARNING, "The judgment cache {0} cannot write as fast as judgments arrive; some will be cached in memory only", file);
    }
  }

  /** Waits until everything queued so far is committed; returns at once if the file is no longer written. */
  void flush() {
    if (!running) {
      return;
    }
    Flush flush = new Flush(new CompletableFuture<>());
    putUninterruptibly(flush);
    if (!running) {
      return; // the writer stopped; it may not have seen the flush, and there is nothing left to wait for
    }
    flush.done().join();
  }

  /** Whether judgments still reach the file. */
  boolean isWriting() {
    return running && !closing.get() && !store.isClosed();
  }

  long bytesWritten() {
    return fileStore.bytesWritten();
  }

  /** Commits what is queued, closes the file (releasing its lock) and stops the writer. */
  void close() {
    if (closing.compareAndSet(false, true) && running) {
      putUninterruptibly(new Stop());
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void putUninterruptibly(Op op) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          queue.put(op);
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    List<Op> batch = new ArrayList<>(BATCH);
    try {
      while (true) {
        batch.add(queue.take());
        queue.drainTo(batch, BATCH - 1);
        for (Op op : batch) {
          switch (op) {
            case Put put -> judgments.put(put.seq(), CacheFile.entryJson(put.key(), put.judgment(), put.storedAtMillis()));
            case Delete delete -> judgments.remove(delete.seq());
            case Clear clear -> judgments.clear();
            case Flush flush -> {
              store.commit();
              flush.done().complete(null);
            }
            case Stop stop -> {
              store.commit();
              store.sync();
              store.close();
              return;
            }
          }
        }
        batch.clear();
      }
    } catch (InterruptedException e) {
      // nothing interrupts this thread; if something does, stop writing rather than spin
      store.closeImmediately();
    } catch (RuntimeException | Error e) {
      health.report(file, e);
      try {
        store.closeImmediately();
      } catch (RuntimeException again) {
        LOG.log(Level.DEBUG, "Could not close {0}: {1}", file, again);
      }
    } finally {
      running = false;
      batch.addAll(queue);
      queue.clear();
      for (Op op : batch) {
        if (op instanceof Flush flush) {
          flush.done().complete(null);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "CacheWriter[" + file + "]";
  }
}
