package dev.decisionmatrix.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.decisionmatrix.store.contract.StoreFixtures;
import dev.decisionmatrix.store.contract.DecisionStoreContract;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDecisionStoreTest extends DecisionStoreContract {

  @TempDir Path root;

  private Path directory() {
    return root.resolve("sessions");
  }

  @Override
  protected DecisionStore create(StoreOptions storeOptions) {
    return DecisionStore.files(directory(), storeOptions);
  }

  /** The directory's files except the lock file, which every store creates and never deletes. */
  private List<String> fileNames() throws IOException {
    try (Stream<Path> files = Files.list(directory())) {
      return files.map(p -> p.getFileName().toString()).filter(name -> !name.equals(SessionLocks.FILE_NAME)).sorted().toList();
    }
  }

  @Test
  void aRestartedStoreSeesEverySessionWithEveryDetail() {
    DecisionStore before = open();
    Session rich = before.save(StoreFixtures.rich("rich-1"));
    Session simple = before.save(StoreFixtures.simple("simple-1", clock.instant()));
    clock.advance(Duration.ofMinutes(1));
    Session updated = before.update("simple-1", s -> s.withSettings(SessionSettings.DEFAULTS.withTemperature(2.0)));
    before.close();

    DecisionStore after = open();

    assertThat(after.list()).containsExactly(updated, rich);
    Session reloaded = after.get("rich-1").orElseThrow();
    assertThat(reloaded.decision()).isEqualTo(rich.decision());
    assertThat(reloaded.evaluation().cells()).isEqualTo(rich.evaluation().cells());
    assertThat(reloaded.evaluation().stats()).isEqualTo(rich.evaluation().stats());
    assertThat(reloaded.settings()).isEqualTo(rich.settings());
    assertThat(reloaded.createdAt()).isEqualTo(rich.createdAt());
    assertThat(reloaded.lastUsedAt()).isEqualTo(rich.lastUsedAt());
    assertThat(Double.isNaN(((Judgment.Scored) reloaded.evaluation().judgment(0, 0)).confidence())).isTrue();
    assertThat(simple.id()).isEqualTo("simple-1");
  }

  @Test
  void aSessionsOwnerSurvivesARestartAndALocalSessionHasNone() {
    Session simple = StoreFixtures.simple("s-1", clock.instant());
    DecisionStore before = open();
    before.save(new Session("owned", simple.decision(), simple.evaluation(), null, simple.createdAt(), simple.lastUsedAt(), 0, "team-a@example.com"));
    before.save(simple);
    before.close();

    DecisionStore after = open();

    assertThat(after.get("owned")).map(Session::owner).contains("team-a@example.com");
    assertThat(after.get("s-1").orElseThrow().owner()).isNull();
  }

  @Test
  void anyTextSurvivesARestartEvenWhatUtf8CannotHold() {
    String odd = "lone \ud800 surrogate, emoji \ud83d\ude00, NUL \u0000, \u4e2d\u6587, \"quotes\" \\ and \u2028";
    String oddName = odd.replace("\u0000", "").replace("\u2028", "");
    Decision decision = Decision.of(odd, List.of(Option.of(oddName, odd)), List.of(Criterion.builder(oddName).rubric(odd).build()));
    Evaluation evaluation = Evaluation.empty(decision).withJudgment(oddName, oddName, new Judgment.Abstained(odd));
    open().save(new Session("odd", decision, evaluation, new SessionSettings(odd, odd, null), clock.instant(), clock.instant()));

    Session reloaded = open().get("odd").orElseThrow();

    assertThat(reloaded.decision().topic()).isEqualTo(odd.strip());
    assertThat(reloaded.evaluation()).isEqualTo(evaluation);
    assertThat(reloaded.settings().model()).isEqualTo(odd.strip());
  }

  @Test
  void aSessionFileFollowsTheDocumentedSchema() throws IOException {
    open().save(StoreFixtures.rich("Rich-1"));

    JsonNode file = new ObjectMapper().readTree(directory().resolve("rich-1.json").toFile());

    assertThat(file.get("schemaVersion").asInt()).isEqualTo(1);
    assertThat(file.get("kind").asText()).isEqualTo("decision-matrix-session");
    assertThat(file.get("id").asText()).isEqualTo("Rich-1");
    assertThat(file.get("createdAt").asText()).isEqualTo("2025-03-01T09:00:00.123456789Z");
    assertThat(file.get("settings").get("model").asText()).isEqualTo("claude-sonnet");
    assertThat(file.get("criteria").get(1).get("direction").asText()).isEqualTo("cost");
    assertThat(file.get("cells")).hasSize(9);
    assertThat(file.get("cells").get(0).get("confidence").isNull()).isTrue();
    assertThat(file.get("cells").get(4).get("kind").asText()).isEqualTo("timeout");
    assertThat(file.get("cells").get(6).get("state").asText()).isEqualTo("missing");
  }

  @Test
  void writingLeavesNoTemporaryFiles() throws IOException {
    DecisionStore store = open();
    store.save(StoreFixtures.rich("a"));
    store.update("a", s -> s.withSettings(null));
    store.save(StoreFixtures.simple("b", clock.instant()));
    store.delete("b");

    assertThat(fileNames()).containsExactly("a.json");
  }

  @Test
  void aCorruptFileIsSkippedAndKeptAside() throws IOException {
    DecisionStore first = open();
    first.save(StoreFixtures.rich("good"));
    first.close();
    Files.writeString(directory().resolve("broken.json"), "{\"schemaVersion\": 1, \"id\": \"broken\", \"topic\": ");
    Files.writeString(directory().resolve("bad-score.json"), Files.readString(directory().resolve("good.json"))
        .replace("\"id\": \"good\"", "\"id\": \"bad-score\"").replace("\"score\": 8.5", "\"score\": 11.0"));

    DecisionStore store = open();

    assertThat(store.list()).extracting(Session::id).containsExactly("good");
    assertThat(fileNames()).containsExactly("bad-score.json.corrupt", "broken.json.corrupt", "good.json");
    assertThat(Files.readString(directory().resolve("broken.json.corrupt"))).endsWith("\"topic\": ");
  }

  @Test
  void aSecondCorruptCopyDoesNotOverwriteTheFirst() throws IOException {
    Files.createDirectories(directory());
    Files.writeString(directory().resolve("x.json"), "first");
    open().close();
    Files.writeString(directory().resolve("x.json"), "second");

    open();

    assertThat(fileNames()).containsExactly("x.json.corrupt", "x.json.corrupt.1");
    assertThat(Files.readString(directory().resolve("x.json.corrupt"))).isEqualTo("first");
  }

  @Test
  void aFileHoldingAnotherSessionIsSetAside() throws IOException {
    DecisionStore first = open();
    first.save(StoreFixtures.rich("one"));
    first.close();
    Files.move(directory().resolve("one.json"), directory().resolve("two.json"));

    DecisionStore store = open();

    assertThat(store.list()).isEmpty();
    assertThat(fileNames()).containsExactly("two.json.corrupt");
  }

  @Test
  void aFileOfANewerSchemaVersionIsSkippedButLeftInPlace() throws IOException {
    Files.createDirectories(directory());
    Files.writeString(directory().resolve("future.json"), "{\"schemaVersion\": 2, \"id\": \"future\", \"somethingNew\": true}");

    DecisionStore store = open();

    assertThat(store.list()).isEmpty();
    assertThat(fileNames()).containsExactly("future.json");
  }

  @Test
  void filesThatAreNotSessionsAreLeftAlone() throws IOException {
    Files.createDirectories(directory());
    Files.writeString(directory().resolve("README.txt"), "hello");

    assertThat(open().list()).isEmpty();
    assertThat(fileNames()).containsExactly("README.txt");
  }

  @Test
  void temporaryFilesLeftByACrashAreDeletedWhenTheStoreOpens() throws IOException {
    Files.createDirectories(directory());
    Path leftover = Files.writeString(directory().resolve(".a.json.123456.tmp"), "{\"half\": ");
    Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(SessionFiles.STALE_TEMPORARY_AGE).minusSeconds(1)));

    open();

    assertThat(fileNames()).isEmpty();
  }

  @Test
  void aYoungTemporaryFileMayBelongToAnotherProcessAndIsLeftAlone() throws IOException {
    Files.createDirectories(directory());
    Files.writeString(directory().resolve(".a.json.123456.tmp"), "{\"half\": ");

    open().list();

    assertThat(fileNames()).containsExactly(".a.json.123456.tmp");
  }

  @Test
  void theDirectoryHoldsOneLockFileBesideTheSessions() throws IOException {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("a", clock.instant()));
    store.close();

    try (Stream<Path> files = Files.list(directory())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".lock", "a.json");
    }
  }

  @Test
  void aClosedStoreSaysSoWhenUsedAndClosingTwiceDoesNothing() {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("a", clock.instant()));
    store.close();
    store.close();

    assertThatThrownBy(() -> store.update("a", s -> s)).isInstanceOf(DecisionStoreException.class).hasMessageContaining("closed");
    assertThat(open().get("a")).isPresent();
  }

  @Test
  void sessionFilesAndTheirDirectoryAreOwnerOnly() throws IOException {
    assumeThat(root.getFileSystem().supportedFileAttributeViews()).contains("posix");
    open().save(StoreFixtures.rich("private"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory().resolve("private.json")))).isEqualTo("rw-------");
  }

  @Test
  void thePurgeDeletesTheFilesOfExpiredSessions() throws IOException {
    DecisionStore store = open(options.withTtl(Duration.ofDays(1)));
    store.save(StoreFixtures.simple("stale", clock.instant()));
    clock.advance(Duration.ofHours(23));
    store.save(StoreFixtures.simple("fresh", clock.instant()));
    clock.advance(Duration.ofHours(2));

    assertThat(store.list()).extracting(Session::id).containsExactly("fresh");
    assertThat(fileNames()).containsExactly("fresh.json");
  }

  @Test
  void expiredSessionsAreNotLoadedAndTheirFilesAreDeleted() throws IOException {
    open(options.withTtl(Duration.ofDays(1))).save(StoreFixtures.simple("stale", clock.instant()));
    clock.advance(Duration.ofDays(2));

    DecisionStore store = open(options.withTtl(Duration.ofDays(1)));

    assertThat(store.list()).isEmpty();
    assertThat(fileNames()).isEmpty();
  }

  @Test
  void evictionAndDeletionRemoveTheFilesForGood() throws IOException {
    DecisionStore store = open(options.withMaxSessions(2));
    store.save(StoreFixtures.simple("a", clock.instant().minusSeconds(10)));
    store.save(StoreFixtures.simple("b", clock.instant()));
    store.save(StoreFixtures.simple("c", clock.instant()));
    store.delete("b");
    store.close();

    assertThat(fileNames()).containsExactly("c.json");
    assertThat(open().list()).extracting(Session::id).containsExactly("c");
  }

  @Test
  void openingMoreSessionsThanTheLimitKeepsTheMostRecentlyUsed() {
    DecisionStore big = open();
    for (int i = 0; i < 5; i++) {
      big.save(StoreFixtures.simple("s-" + i, clock.instant().minusSeconds(100 - i)));
    }
    big.close();

    DecisionStore small = open(options.withMaxSessions(2));

    assertThat(small.list()).extracting(Session::id).containsExactly("s-4", "s-3");
  }
}
