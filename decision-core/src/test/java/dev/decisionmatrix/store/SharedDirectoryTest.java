package dev.decisionmatrix.store;

import static dev.decisionmatrix.store.contract.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThatCode;

import dev.decisionmatrix.store.contract.MutableClock;
import dev.decisionmatrix.store.contract.StoreFixtures;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two file stores on one directory in one JVM. They share no in-memory state but the JVM-wide lock
 * table, so they behave like two processes as far as their indexes go.
 */
class SharedDirectoryTest {

  @TempDir Path root;

  private final MutableClock clock = new MutableClock(T0.plusSeconds(60));
  private final StoreOptions options = StoreOptions.defaults().withClock(clock);
  private final List<DecisionStore> opened = new ArrayList<>();

  private Path directory() {
    return root.resolve("sessions");
  }

  private DecisionStore open(Path directory, StoreOptions storeOptions) {
    DecisionStore store = DecisionStore.files(directory, storeOptions);
    opened.add(store);
    return store;
  }

  private DecisionStore open() {
    return open(directory(), options);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(DecisionStore::close);
  }

  private Session empty(String id) {
    Decision decision = Decision.of("Many hands", List.of(), List.of(Criterion.of("Fit")));
    return new Session(id, decision, Evaluation.empty(decision), null, clock.instant(), clock.instant());
  }

  private static Session withOption(Session session, String name) {
    return session.withDecision(session.decision().withOption(Option.of(name)));
  }

  private static List<String> optionNames(DecisionStore store, String id) {
    return store.get(id).orElseThrow().decision().options().stream().map(Option::name).toList();
  }

  @Test
  void aSessionCreatedByOneStoreIsVisibleToTheOthersGetAndList() {
    DecisionStore a = open();
    DecisionStore b = open();
    assertThat(b.list()).isEmpty();

    Session created = a.save(StoreFixtures.rich("from-a"));

    assertThat(b.get("from-a")).contains(created);
    assertThat(b.list()).containsExactly(created);
    assertThat(b.mostRecent()).contains(created);
  }

  @Test
  void concurrentUpdatesFromTwoStoresOnOneSessionLoseNothing() throws InterruptedException {
    DecisionStore a = open();
    DecisionStore b = open();
    a.save(empty("shared"));
    int threadsPerStore = 100;
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> workers = new ArrayList<>();
    for (DecisionStore store : List.of(a, b)) {
      String prefix = store == a ? "A" : "B";
      for (int i = 0; i < threadsPerStore; i++) {
        String name = prefix + i;
        workers.add(Thread.ofPlatform().start(() -> {
          try {
            start.await();
            store.update("shared", s -> withOption(s, name));
          } catch (Throwable t) {
            errors.add(t);
          }
        }));
      }
    }

    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(errors).isEmpty();
    List<String> expected = Stream.of("A", "B")
        .flatMap(prefix -> IntStream.range(0, threadsPerStore).mapToObj(i -> prefix + i))
        .toList();
    assertThat(optionNames(a, "shared")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(optionNames(b, "shared")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(open().get("shared")).isEqualTo(a.get("shared"));
  }

  @Test
  void aDeleteInOneStoreMakesTheOthersGetEmpty() {
    DecisionStore a = open();
    DecisionStore b = open();
    a.save(StoreFixtures.simple("doomed", clock.instant()));
    assertThat(b.get("doomed")).isPresent();

    assertThat(a.delete("doomed")).isTrue();

    assertThat(b.get("doomed")).isEmpty();
    assertThat(b.list()).isEmpty();
    assertThat(b.delete("doomed")).isFalse();
  }

  @Test
  void anUpdateInOneStoreWorksOnTheVersionTheOtherStoreWrote() {
    DecisionStore a = open();
    DecisionStore b = open();
    a.save(empty("s-1"));
    assertThat(b.get("s-1")).isPresent();
    a.update("s-1", s -> withOption(s, "From A"));

    Session updated = b.update("s-1", s -> withOption(s, "From B"));

    assertThat(updated.decision().options()).extracting(Option::name).containsExactly("From A", "From B");
    assertThat(a.get("s-1")).contains(updated);
  }

  @Test
  void aSessionTheOtherStoreDeletedIsNotRevivedByAnUpdate() {
    DecisionStore a = open();
    DecisionStore b = open();
    a.save(empty("s-1"));
    assertThat(b.get("s-1")).isPresent();
    a.delete("s-1");

    assertThatThrownBy(() -> b.update("s-1", s -> withOption(s, "late")))
        .isInstanceOf(SessionNotFoundException.class);
    assertThat(a.get("s-1")).isEmpty();
  }

  @Test
  void savingAnIdTheOtherStoreCreatedReplacesIt() {
    DecisionStore a = open();
    DecisionStore b = open();
    a.save(StoreFixtures.simple("s-1", clock.instant()));
    Session replacement = StoreFixtures.rich("s-1");

    b.save(replacement);

    assertThat(a.get("s-1")).contains(replacement);
    assertThat(a.list()).hasSize(1);
  }

  @Test
  void mostRecentSeesTheSessionTheOtherStoreUsedLast() {
    DecisionStore a = open();
    DecisionStore b = open();
    a.save(StoreFixtures.simple("first", clock.instant()));
    a.save(StoreFixtures.simple("second", clock.instant().plusSeconds(1)));
    assertThat(a.mostRecent()).map(Session::id).contains("second");
    clock.advance(Duration.ofMinutes(5));

    b.update("first", s -> s);

    assertThat(a.mostRecent()).map(Session::id).contains("first");
    assertThat(a.list()).extracting(Session::id).containsExactly("first", "second");
  }

  @Test
  void clearInOneStoreDeletesTheSessionsTheOtherStoreCreated() throws IOException {
    DecisionStore a = open();
    DecisionStore b = open();
    a.save(StoreFixtures.simple("a-1", clock.instant()));
    b.save(StoreFixtures.simple("b-1", clock.instant()));

    assertThat(a.clear()).isEqualTo(2);

    assertThat(b.list()).isEmpty();
    assertThat(b.get("a-1")).isEmpty();
    try (Stream<Path> files = Files.list(directory())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly(SessionLocks.FILE_NAME);
    }
  }

  @Test
  void theSessionLimitHoldsAcrossStores() {
    DecisionStore a = open(directory(), options.withMaxSessions(3));
    DecisionStore b = open(directory(), options.withMaxSessions(3));
    a.save(StoreFixtures.simple("oldest", clock.instant().minusSeconds(50)));
    a.save(StoreFixtures.simple("old", clock.instant().minusSeconds(40)));
    b.save(StoreFixtures.simple("new", clock.instant().minusSeconds(30)));

    b.save(StoreFixtures.simple("newest", clock.instant()));

    assertThat(a.list()).extracting(Session::id).containsExactly("newest", "new", "old");
    assertThat(b.list()).extracting(Session::id).containsExactly("newest", "new", "old");
  }

  @Test
  void aSessionThatExpiredIsGoneForBothStores() {
    DecisionStore a = open(directory(), options.withTtl(Duration.ofHours(1)));
    DecisionStore b = open(directory(), options.withTtl(Duration.ofHours(1)));
    a.save(StoreFixtures.simple("s-1", clock.instant()));
    assertThat(b.get("s-1")).isPresent();

    clock.advance(Duration.ofHours(1));

    assertThat(b.get("s-1")).isEmpty();
    assertThat(b.list()).isEmpty();
    assertThat(a.get("s-1")).isEmpty();
    assertThat(directory().resolve("s-1.json")).doesNotExist();
  }

  @Test
  void aSessionFileChangedByHandIsReadAgainAndADeletedOneIsGone() throws IOException {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("edited", clock.instant()));
    store.save(StoreFixtures.simple("removed", clock.instant()));
    Path edited = directory().resolve("edited.json");

    Files.writeString(edited, Files.readString(edited).replace("Topic of edited", "Edited by hand, much longer"));
    Files.delete(directory().resolve("removed.json"));

    assertThat(store.get("edited")).map(s -> s.decision().topic()).contains("Edited by hand, much longer");
    assertThat(store.get("removed")).isEmpty();
    assertThat(store.list()).extracting(Session::id).containsExactly("edited");
  }

  @Test
  void aCorruptFileThatAppearsWhileTheStoreRunsIsSetAsideNotFatal() throws IOException {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("good", clock.instant()));

    Files.writeString(directory().resolve("broken.json"), "{\"schemaVersion\": 1, \"id\": \"broken\", \"topic\": ");

    assertThat(store.list()).extracting(Session::id).containsExactly("good");
    assertThat(directory().resolve("broken.json.corrupt")).hasContent("{\"schemaVersion\": 1, \"id\": \"broken\", \"topic\": ");
    assertThat(directory().resolve("broken.json")).doesNotExist();
  }

  @Test
  void aSessionWhoseFileIsBrokenOnDiskWhileTheStoreRunsKeepsItsValidCopyAndWritesItBack() throws IOException {
    DecisionStore store = open();
    Session good = store.save(StoreFixtures.simple("good", clock.instant()));
    Path file = directory().resolve("good.json");
    String valid = Files.readString(file);

    Files.writeString(file, valid.substring(0, valid.length() / 2)); // truncated, as by a full disk or an editor

    assertThat(store.get("good")).contains(good);
    assertThat(directory().resolve("good.json.corrupt")).hasContent(valid.substring(0, valid.length() / 2));
    assertThat(file).hasContent(valid);
    assertThat(open().get("good")).as("another store reads the written-back file").contains(good);
    assertThat(store.list()).extracting(Session::id).containsExactly("good");
  }

  @Test
  void closingOneStoreLeavesAnotherOnTheSameDirectoryWorking() {
    DecisionStore a = open();
    DecisionStore b = open();
    a.save(empty("s-1"));

    a.close();

    assertThat(b.update("s-1", s -> withOption(s, "after close")).decision().options()).hasSize(1);
    assertThat(open().get("s-1")).isPresent();
  }

  @Test
  void storesOpenedThroughASymbolicLinkShareTheLocks() throws InterruptedException, IOException {
    Files.createDirectories(directory());
    Path link = root.resolve("link");
    assumeThatCode(() -> Files.createSymbolicLink(link, directory())).doesNotThrowAnyException();
    DecisionStore a = open();
    DecisionStore b = open(link, options);
    a.save(empty("shared"));
    List<Thread> workers = new ArrayList<>();
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < 40; i++) {
      DecisionStore store = i % 2 == 0 ? a : b;
      String name = "Option " + i;
      workers.add(Thread.ofPlatform().start(() -> {
        try {
          store.update("shared", s -> withOption(s, name));
        } catch (Throwable t) {
          errors.add(t);
        }
      }));
    }
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(errors).isEmpty();
    assertThat(optionNames(b, "shared")).hasSize(40);
  }

  @Test
  void anInterruptedThreadStillWritesAndKeepsItsInterruptStatus() {
    DecisionStore a = open();
    DecisionStore b = open();
    a.save(empty("s-1"));

    Session updated;
    boolean stillInterrupted;
    Thread.currentThread().interrupt();
    try {
      updated = a.update("s-1", s -> withOption(s, "while interrupted"));
    } finally {
      stillInterrupted = Thread.interrupted();
    }

    assertThat(stillInterrupted).isTrue();
    assertThat(b.get("s-1")).contains(updated);
    b.update("s-1", s -> withOption(s, "afterwards"));
    assertThat(optionNames(a, "s-1")).containsExactly("while interrupted", "afterwards");
  }
}
