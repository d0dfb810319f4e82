package dev.decisionmatrix.store;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces files of one directory atomically: the new content goes to a temporary file in the same
 * directory ({@code .<name>.<random>.tmp}, owner-only where the file system has POSIX permissions),
 * is synced to disk and then renamed over the old file, and the rename is synced too. A reader or a
 * crash sees either the old or the new content, never a mix. Thread-safe.
 *
 * <p>Interrupts do not stop a write once begun (file channels give up when their thread is
 * interrupted); the caller keeps its interrupt status.
 */
final class AtomicFileWriter {

  private static final System.Logger LOG = System.getLogger(DecisionStore.class.getName());

  static final String TEMP_SUFFIX = ".tmp";

  private final Path directory;
  private final boolean posix;
  private volatile boolean atomicMoveWarned;

  AtomicFileWriter(Path directory, boolean posix) {
    this.directory = directory;
    this.posix = posix;
  }

  /**
   * Replaces {@code target}, a file of this directory, with {@code bytes}.
   *
   * @throws IOException if it could not be written; the old file is then intact
   */
  void write(Path target, byte[] bytes) throws IOException {
    Path temporary = null;
    boolean interrupted = Thread.interrupted();
    try {
      String prefix = "." + target.getFileName() + ".";
      temporary = posix
          ? Files.createTempFile(directory, prefix, TEMP_SUFFIX, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(directory, prefix, TEMP_SUFFIX);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      replace(temporary, target);
      temporary = null;
      syncDirectory();
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          LOG.log(Level.WARNING, "Could not delete the temporary file " + temporary, e);
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void replace(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      if (!atomicMoveWarned) {
        atomicMoveWarned = true;
        LOG.log(Level.WARNING, "The file system of {0} cannot rename atomically; a crash while saving could lose a session", directory);
      }
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Makes a rename durable; only POSIX systems can open a directory for syncing, elsewhere this is best effort. */
  void syncDirectory() {
    if (!posix) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "Could not sync directory {0}: {1}", directory, e);
    }
  }
}
