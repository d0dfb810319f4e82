package dev.decisionmatrix.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThatCode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionLocksTest {

  @TempDir Path root;

  private Path directory;

  @BeforeEach
  void createDirectory() throws IOException {
    directory = Files.createDirectory(root.resolve("sessions"));
  }

  private SessionLocks open() {
    return SessionLocks.forDirectory(directory, directory.getFileSystem().supportedFileAttributeViews().contains("posix"));
  }

  @Test
  void theHashOfAKeyNeverChangesBecauseOtherProcessesRelyOnIt() {
    assertThat(SessionLocks.hash("")).isEqualTo(-780787492076525413L);
    assertThat(SessionLocks.hash("s-1")).isEqualTo(1377483210314346289L);
    assertThat(SessionLocks.hash("3f2c1a9e-0b7d-4c2e-9a51-6f0e8d7c4b3a")).isEqualTo(1429645964809317590L);
    assertThat(SessionLocks.stripeOf("s-1")).isEqualTo(3889);
  }

  @Test
  void sessionLocksLieBeyondTheStructureLockAndTheCounters() {
    assertThat(SessionLocks.STRUCTURE_POSITION).isEqualTo((SessionLocks.GENERATIONS + 1) * 8L);
    IntStream.range(0, 10_000).mapToObj(i -> UUID.randomUUID().toString()).forEach(key -> {
      long position = SessionLocks.positionOf(key);
      assertThat(position).isGreaterThan(SessionLocks.STRUCTURE_POSITION);
      assertThat(position + 1).isPositive();
      assertThat(SessionLocks.stripeOf(key)).isBetween(0, SessionLocks.GENERATIONS - 1);
    });
  }

  @Test
  void aSessionLockHoldsItsByteOfTheLockFileUntilTheOutermostHoldEnds() throws IOException {
    SessionLocks locks = open();
    long position = SessionLocks.positionOf("s-1");
    // A second channel of this JVM sees the lock as an overlap; it is opened after the locks, whose
    // file it would otherwise release when closed.
    try (FileChannel probe = FileChannel.open(directory.resolve(SessionLocks.FILE_NAME), StandardOpenOption.WRITE)) {
      SessionLocks.Held outer = locks.lock("s-1");
      SessionLocks.Held inner = locks.lock("s-1");
      assertThatThrownBy(() -> probe.tryLock(position, 1, false)).isInstanceOf(OverlappingFileLockException.class);

      inner.close();
      assertThatThrownBy(() -> probe.tryLock(position, 1, false)).isInstanceOf(OverlappingFileLockException.class);

      outer.close();
      try (FileLock free = probe.tryLock(position, 1, false)) {
        assertThat(free).isNotNull();
      }
    } finally {
      locks.close();
    }
  }

  @Test
  void theStructureLockIsTakenOnlyIfFree() throws InterruptedException {
    SessionLocks locks = open();
    SessionLocks.Held all = locks.lockAll();
    SessionLocks.Held[] fromOtherThread = new SessionLocks.Held[1];
    Thread other = Thread.ofPlatform().start(() -> fromOtherThread[0] = locks.tryLockAll());
    other.join();
    assertThat(fromOtherThread[0]).isNull();
    all.close();

    SessionLocks.Held free = locks.tryLockAll();
    assertThat(free).isNotNull();
    free.close();
    locks.close();
  }

  @Test
  void storesOfOneJvmShareTheLocksOfADirectoryEvenThroughASymbolicLink() throws IOException {
    Path link = root.resolve("link");
    assumeThatCode(() -> Files.createSymbolicLink(link, directory)).doesNotThrowAnyException();
    SessionLocks first = open();
    SessionLocks second = SessionLocks.forDirectory(link, false);

    assertThat(second).isSameAs(first);
    first.close();
    SessionLocks third = open();
    assertThat(third).isSameAs(second);
    third.close();
    second.close();
    SessionLocks reopened = open();
    assertThat(reopened).isNotSameAs(first);
    reopened.close();
  }

  @Test
  void countersLiveInTheLockFileSoEveryProcessSeesThem() {
    SessionLocks locks = open();
    long before = locks.generation("s-1");
    long otherStripe = locks.generation("a");
    SessionLocks.Held held = locks.lock("s-1");
    locks.advance("s-1");
    locks.countInsertion();
    held.close();
    locks.close();

    SessionLocks reopened = open();
    assertThat(reopened.generation("s-1")).isEqualTo(before + 1);
    assertThat(reopened.generation("a")).isEqualTo(otherStripe);
    assertThat(reopened.insertions()).isEqualTo(1);
    reopened.close();
  }
}
