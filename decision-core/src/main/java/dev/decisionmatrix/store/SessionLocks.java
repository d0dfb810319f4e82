package dev.decisionmatrix.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Mutual exclusion for the sessions of one store: per session, and for the whole store ("structure":
 * inserting, evicting, purging, clearing). In memory ({@link #inMemory()}) the locks are plain
 * {@link ReentrantLock}s; for a directory ({@link #forDirectory}) they also hold across processes.
 *
 * <p><b>One lock file, one byte range per session.</b> A directory has one lock file, {@value
 * #FILE_NAME}, that is created on demand and never deleted. A session's lock is an exclusive {@link
 * FileChannel#lock(long, long, boolean) byte-range lock} of one byte of that file at a position
 * derived from a 64-bit hash of the session's key; the structure lock is one byte below all of
 * them. Byte-range locks need not lie inside the file, so the file stays small (32 KiB). This gives
 * what one lock file per session gives, parallel writers for different sessions, without its
 * problems: no lock files pile up beside the sessions, and none is ever deleted, because deleting a
 * lock file that another process has open and is waiting on would let two processes hold "the
 * same" lock. A single directory-wide lock would be simpler but would serialise every write of
 * every session in every process, throwing away the parallelism the store promises. The hash and
 * the positions are part of the directory format: every version that shares a directory must use
 * the same ones.
 *
 * <p><b>One channel per file per JVM.</b> File locks belong to the process, a JVM refuses a second
 * overlapping lock on one file ({@code OverlappingFileLockException}), and on POSIX systems closing
 * any channel of a file drops every lock the process holds on it. So all stores of one JVM that use
 * one directory (found by the lock file's {@linkplain BasicFileAttributes#fileKey() file key}, so a
 * symbolic link to the directory counts as the same one) share one instance: one channel, opened
 * once and closed when the last of them closes, and an in-JVM lock per byte range in front of the
 * file lock, so two threads never ask the file system for the same range. The in-JVM lock is
 * reentrant; only its outermost hold takes and releases the file lock.
 *
 * <p><b>Interrupts.</b> The channel is interruptible: an interrupt during a blocking {@code lock()}
 * would close it and silently release every lock of this JVM. So a lock is first tried without
 * blocking ({@code tryLock}, which an interrupt cannot disturb), and only if another process holds
 * it does a helper thread that nothing interrupts wait for it; the caller waits uninterruptibly, like
 * {@link ReentrantLock#lock()}, and keeps its interrupt status.
 *
 * <p><b>Counters.</b> The first {@value #GENERATIONS} x 8 bytes of the lock file are mapped into
 * memory and hold a generation counter per stripe of sessions (stripe = hash mod {@value
 * #GENERATIONS}). A writer advances its session's generation before and after replacing or deleting
 * the file, while it holds the session's lock. Comparing the generation with the value seen at the
 * last read tells for certain whether a cooperating process changed the session since, which file
 * times cannot (their resolution can be coarser than the time between two writes). A shared stripe
 * only costs an extra read. One more counter after them counts the sessions ever inserted, so a
 * store can tell without listing the directory that it is still below its session limit.
 *
 * <p>If the file system cannot lock or map the file, the store logs a warning and falls back to
 * in-JVM locks and file times (one process per directory, as before). Mapped memory is shared by
 * the processes of one machine only: machines sharing a directory over a network file system are
 * not supported.
 */
final class SessionLocks {

  private static final System.Logger LOG = System.getLogger(DecisionStore.class.getName());

  /** The lock file's name; it starts with a dot and does not end in {@code .json}, so it is never taken for a session. */
  static final String FILE_NAME = ".lock";

  /** Counter stripes in the lock file; a power of two. */
  static final int GENERATIONS = 4096;

  /** Counters in the lock file: the generations, then the number of sessions ever inserted. */
  private static final int COUNTERS = GENERATIONS + 1;

  private static final int INSERTIONS = GENERATIONS;

  /**
   * The structure lock's byte, right after the counters; sessions' bytes follow it. No lock
   * overlaps the mapped counters (on Windows, locks are mandatory).
   */
  static final long STRUCTURE_POSITION = (long) COUNTERS * Long.BYTES;

  private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

  /** Directories this JVM has open, by lock file key; guarded by itself. */
  private static final Map<Object, SessionLocks> OPEN = new HashMap<>();

  /** A held lock; closing it releases the lock. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  /** One in-JVM lock per byte range (or key hash), with the file lock its outermost hold took. */
  private static final class RangeLock {
    final ReentrantLock lock = new ReentrantLock();
    /** Holders and waiters; changed only inside {@code ranges.compute}. */
    int users;
    /** Guarded by {@code lock}. */
    @Nullable FileLock fileLock;
  }

  private final String description;
  private final @Nullable Object registryKey;
  private final @Nullable FileChannel channel;
  private final @Nullable MappedByteBuffer mapped;
  private final AtomicLongArray heapCounters;
  private final ConcurrentHashMap<Long, RangeLock> ranges = new ConcurrentHashMap<>();
  private final RangeLock structure = new RangeLock();
  /** Stores using this instance; guarded by {@link #OPEN}. */
  private int references = 1;

  private SessionLocks(String description, @Nullable Object registryKey, @Nullable FileChannel channel, @Nullable MappedByteBuffer mapped) {
    this.description = description;
    this.registryKey = registryKey;
    this.channel = channel;
    this.mapped = mapped;
    // Only a directory whose lock file cannot be mapped counts in the heap; the in-memory store never asks.
    this.heapCounters = new AtomicLongArray(mapped == null && registryKey != null ? COUNTERS : 0);
  }

  /** Locks for one in-memory store: in-JVM only. */
  static SessionLocks inMemory() {
    return new SessionLocks("in memory", null, null, null);
  }

  /**
   * Returns the locks of a directory, shared by every store of this JVM that uses it; {@link
   * #close()} once per call.
   *
   * @throws DecisionStoreException if the lock file cannot be created or read
   */
  static SessionLocks forDirectory(Path directory, boolean posix) {
    Path file = directory.resolve(FILE_NAME);
    Object key;
    try {
      createIfMissing(file, posix);
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      key = attributes.fileKey() != null ? attributes.fileKey() : file.toRealPath();
    } catch (IOException e) {
      throw new DecisionStoreException("Could not create the lock file " + file + ": " + e
          + ". Point the store (DECISION_MATRIX_DATA_DIR for the server) at a writable directory.", e);
    }
    synchronized (OPEN) {
      SessionLocks open = OPEN.get(key);
      if (open != null) {
        open.references++;
        return open;
      }
      SessionLocks locks = openFile(file, key);
      OPEN.put(key, locks);
      return locks;
    }
  }

  /**
   * Creates the file without opening it if it exists: this JVM may hold locks on it, and on POSIX
   * systems closing any descriptor of a file releases them all.
   */
  private static void createIfMissing(Path file, boolean posix) throws IOException {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      if (posix) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      // another process created it first
    }
  }

  private static SessionLocks openFile(Path file, Object key) {
    String description = file.toString();
    FileChannel channel;
    try {
      channel = FileChannel.open(file, EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new DecisionStoreException("Could not open the lock file " + file + ": " + e, e);
    }
    try {
      FileLock probe = channel.tryLock(STRUCTURE_POSITION, 1, true);
      if (probe != null) {
        probe.release();
      }
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.WARNING, "The file system of {0} cannot lock files ({1}); only one process at a time may use this directory", file, e);
      closeQuietly(channel, file);
      return new SessionLocks(description, key, null, null);
    }
    MappedByteBuffer mapped = null;
    try {
      mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) COUNTERS * Long.BYTES);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.WARNING, "Could not map {0} ({1}); changes by other processes are detected by file times only", file, e);
    }
    return new SessionLocks(description, key, channel, mapped);
  }

  private static void closeQuietly(FileChannel channel, Path file) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Could not close {0}: {1}", file, e);
    }
  }

  /** Drops one store's use; the last one closes the channel (its stores are closed, so it holds no lock). */
  void close() {
    if (registryKey == null) {
      return;
    }
    synchronized (OPEN) {
      if (--references > 0 || OPEN.get(registryKey) != this) {
        return;
      }
      OPEN.remove(registryKey);
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "Could not close the lock file {0}: {1}", description, e);
      }
    }
  }

  /**
   * Locks one session, waiting as long as it takes (like {@link ReentrantLock#lock()}, not
   * interruptible). Reentrant.
   *
   * @param key the session's key (any text, ids are hashed)
   * @throws DecisionStoreException if the file system fails to lock
   */
  Held lock(String key) {
    long position = positionOf(key);
    RangeLock range = ranges.compute(position, (p, r) -> {
      RangeLock used = r == null ? new RangeLock() : r;
      used.users++;
      return used;
    });
    try {
      acquire(range, position);
    } catch (RuntimeException | Error e) {
      leave(position);
      throw e;
    }
    return () -> {
      try {
        release(range);
      } finally {
        leave(position);
      }
    };
  }

  private void leave(long position) {
    ranges.computeIfPresent(position, (p, r) -> --r.users == 0 ? null : r);
  }

  /** Locks the store's structure: inserting, evicting, purging, clearing. Reentrant; not interruptible. */
  Held lockAll() {
    acquire(structure, STRUCTURE_POSITION);
    return () -> release(structure);
  }

  /** Locks the structure if nobody holds it, in this or another process; returns {@code null} otherwise. */
  @Nullable Held tryLockAll() {
    if (!structure.lock.tryLock()) {
      return null;
    }
    if (structure.lock.getHoldCount() == 1 && channel != null) {
      try {
        structure.fileLock = channel.tryLock(STRUCTURE_POSITION, 1, false);
      } catch (IOException | RuntimeException e) {
        structure.lock.unlock();
        throw failure("lock", e);
      }
      if (structure.fileLock == null) {
        structure.lock.unlock();
        return null;
      }
    }
    return () -> release(structure);
  }

  private void acquire(RangeLock range, long position) {
    range.lock.lock();
    if (range.lock.getHoldCount() > 1 || channel == null) {
      return;
    }
    try {
      range.fileLock = lockFile(channel, position);
    } catch (RuntimeException | Error e) {
      range.lock.unlock();
      throw e;
    }
  }

  private FileLock lockFile(FileChannel file, long position) {
    try {
      FileLock fileLock = file.tryLock(position, 1, false);
      if (fileLock != null) {
        return fileLock;
      }
    } catch (IOException e) {
      throw failure("lock", e);
    }
    // Another process holds it. Wait on a thread nobody can interrupt: an interrupt while blocked
    // in FileChannel.lock closes the channel, which would release every lock this JVM holds.
    CompletableFuture<FileLock> waiting = new CompletableFuture<>();
    Thread.ofVirtual().name("decision-store-lock-wait").start(() -> {
      try {
        waiting.complete(file.lock(position, 1, false));
      } catch (Throwable e) {
        waiting.completeExceptionally(e);
      }
    });
    try {
      return waiting.join();
    } catch (CompletionException e) {
      throw failure("lock", e.getCause());
    }
  }

  private void release(RangeLock range) {
    try {
      FileLock fileLock = range.fileLock;
      if (range.lock.getHoldCount() == 1 && fileLock != null) {
        range.fileLock = null;
        fileLock.release();
      }
    } catch (IOException e) {
      // Unlocking fails only if the channel is gone, and a closed channel holds no locks.
      LOG.log(Level.WARNING, "Could not unlock a range of " + description, e);
    } finally {
      range.lock.unlock();
    }
  }

  private DecisionStoreException failure(String what, @Nullable Throwable cause) {
    return new DecisionStoreException("Could not " + what + " " + description + ": " + cause, cause);
  }

  /**
   * Returns the generation of a session's stripe: it changes whenever a session of the stripe is
   * written or deleted by a cooperating store, in any process.
   */
  long generation(String key) {
    return counter(stripeOf(key));
  }

  /** Advances a session's generation; the caller holds the session's lock. */
  void advance(String key) {
    increment(stripeOf(key));
  }

  /** Returns how many sessions cooperating stores ever inserted in the directory. */
  long insertions() {
    return counter(INSERTIONS);
  }

  /** Counts an insertion, after the session's file was written. */
  void countInsertion() {
    increment(INSERTIONS);
  }

  private long counter(int index) {
    MappedByteBuffer buffer = mapped;
    return buffer == null ? heapCounters.get(index) : (long) LONGS.getVolatile(buffer, index * Long.BYTES);
  }

  private void increment(int index) {
    MappedByteBuffer buffer = mapped;
    if (buffer == null) {
      heapCounters.incrementAndGet(index);
    } else {
      LONGS.getAndAdd(buffer, index * Long.BYTES, 1L);
    }
  }

  /** A session's byte in the lock file: past the structure's byte, below 2^62 + 2^16. */
  static long positionOf(String key) {
    return STRUCTURE_POSITION + 1 + (hash(key) >>> 2);
  }

  static int stripeOf(String key) {
    return (int) (hash(key) & (GENERATIONS - 1));
  }

  /**
   * FNV-1a over the UTF-16 code units, finished with the SplitMix64 mixer. Part of the directory
   * format: processes sharing a directory must agree on it, so never change it.
   */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  @Override
  public String toString() {
    return "SessionLocks[" + description + "]";
  }
}
