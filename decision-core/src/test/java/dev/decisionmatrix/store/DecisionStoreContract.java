package dev.decisionmatrix.store;

import static dev.decisionmatrix.store.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.model.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link DecisionStore} does; each store's test class extends this. */
abstract class DecisionStoreContract {

  protected final MutableClock clock = new MutableClock(T0.plusSeconds(60));
  protected final StoreOptions options = StoreOptions.defaults().withClock(clock);
  private final List<DecisionStore> opened = new ArrayList<>();

  /** Opens a store; file stores open on the same directory every time, like a restart. */
  protected abstract DecisionStore create(StoreOptions storeOptions);

  protected final DecisionStore open(StoreOptions storeOptions) {
    DecisionStore store = create(storeOptions);
    opened.add(store);
    return store;
  }

  protected final DecisionStore open() {
    return open(options);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(DecisionStore::close);
  }

  @Test
  void aSavedSessionReadsBackEqual() {
    DecisionStore store = open();
    Session session = StoreFixtures.rich("s-1");

    assertThat(store.save(session)).isEqualTo(session);

    assertThat(store.get("s-1")).contains(session);
    assertThat(store.get("s-1").orElseThrow().evaluation().stats()).isEqualTo(session.evaluation().stats());
  }

  @Test
  void anUnknownIdReadsAsEmpty() {
    assertThat(open().get("nobody")).isEmpty();
  }

  @Test
  void idsAreComparedIgnoringCase() {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("Team-Offsite", clock.instant()));

    assertThat(store.get("team-offsite")).map(Session::id).contains("Team-Offsite");
    store.save(StoreFixtures.simple("TEAM-OFFSITE", clock.instant()));
    assertThat(store.list()).extracting(Session::id).containsExactly("TEAM-OFFSITE");
  }

  @Test
  void savingReplacesTheSessionWithTheSameId() {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("s-1", clock.instant()));
    Session replacement = StoreFixtures.rich("s-1");

    store.save(replacement);

    assertThat(store.get("s-1")).contains(replacement);
    assertThat(store.list()).hasSize(1);
  }

  @Test
  void updateAppliesTheChangeAndSetsLastUseToNow() {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("s-1", clock.instant()));
    clock.advance(Duration.ofHours(3));

    Session updated = store.update("s-1", s -> s.withDecision(s.decision().withTopic("New topic")));

    assertThat(updated.decision().topic()).isEqualTo("New topic");
    assertThat(updated.lastUsedAt()).isEqualTo(clock.instant());
    assertThat(updated.createdAt()).isEqualTo(clock.instant().minus(Duration.ofHours(3)));
    assertThat(store.get("s-1")).contains(updated);
  }

  @Test
  void updatingAnUnknownSessionThrowsANotFoundThatNamesTheIdAndHowToFindSessions() {
    DecisionStore store = open();

    assertThatThrownBy(() -> store.update("gone-42", s -> s))
        .isInstanceOf(SessionNotFoundException.class)
        .isInstanceOf(dev.decisionmatrix.DecisionMatrixException.class)
        .hasMessageContaining("\"gone-42\"")
        .hasMessageContaining("expired")
        .hasMessageContaining("30 days")
        .hasMessageContaining("list_sessions")
        .satisfies(e -> assertThat(((SessionNotFoundException) e).sessionId()).isEqualTo("gone-42"));
  }

  @Test
  void anUpdateWhoseChangeThrowsChangesNothing() {
    DecisionStore store = open();
    Session original = store.save(StoreFixtures.rich("s-1"));

    assertThatThrownBy(() -> store.update("s-1", s -> {
      throw new IllegalStateException("boom");
    })).hasMessage("boom");

    assertThat(store.get("s-1")).contains(original);
    assertThat(store.get("s-1").orElseThrow().lastUsedAt()).isEqualTo(original.lastUsedAt());
  }

  @Test
  void anUpdateMayNotChangeTheId() {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("s-1", clock.instant()));

    assertThatThrownBy(() -> store.update("s-1", s -> StoreFixtures.simple("s-2", clock.instant())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep the id");
    assertThatThrownBy(() -> store.update("s-1", s -> null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(store.get("s-2")).isEmpty();
  }

  @Test
  void concurrentUpdatesOfOneSessionLoseNothing() throws InterruptedException {
    DecisionStore store = open();
    Decision empty = Decision.of("Many hands", List.of(), List.of(Criterion.of("Fit")));
    store.save(new Session("shared", empty, Evaluation.empty(empty), null, clock.instant(), clock.instant()));
    int threads = 200;
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> workers = IntStream.range(0, threads)
        .mapToObj(i -> Thread.ofPlatform().start(() -> {
          try {
            start.await();
            store.update("shared", s -> s.withDecision(s.decision().withOption(Option.of("Option " + i))));
          } catch (Throwable t) {
            errors.add(t);
          }
        }))
        .toList();

    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }

    assertThat(errors).isEmpty();
    assertThat(store.get("shared").orElseThrow().decision().options())
        .extracting(Option::name)
        .containsExactlyInAnyOrderElementsOf(IntStream.range(0, threads).mapToObj(i -> "Option " + i).toList());
  }

  @Test
  void anEvaluationOfAnOlderVersionMergesIntoTheEditedSession() {
    DecisionStore store = open();
    Decision v1 = Decision.of("Lunch", List.of(Option.of("Pizza"), Option.of("Sushi")), List.of(Criterion.of("Taste")));
    store.save(new Session("lunch", v1, Evaluation.empty(v1), null, clock.instant(), clock.instant()));
    Evaluation ranOnV1 = Evaluation.empty(v1)
        .withJudgment("Pizza", "Taste", Judgment.Scored.of(8, "cheesy", 0.9))
        .withJudgment("Sushi", "Taste", Judgment.Scored.of(9, "fresh", 0.8));
    store.update("lunch", s -> s.withDecision(s.decision().withoutOption("Sushi").withOption(Option.of("Tacos"))));

    Session merged = store.update("lunch", s -> s.withEvaluation(ranOnV1));

    assertThat(merged.evaluation().decision()).isEqualTo(merged.decision());
    assertThat(merged.decision().options()).extracting(Option::name).containsExactly("Pizza", "Tacos");
    assertThat(merged.evaluation().judgment("Pizza", "Taste")).isEqualTo(Judgment.Scored.of(8, "cheesy", 0.9));
    assertThat(merged.evaluation().judgment("Tacos", "Taste")).isNull();
  }

  @Test
  void deleteRemovesTheSessionAndSaysWhetherThereWasOne() {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("s-1", clock.instant()));

    assertThat(store.delete("s-1")).isTrue();
    assertThat(store.delete("s-1")).isFalse();
    assertThat(store.get("s-1")).isEmpty();
    assertThatThrownBy(() -> store.update("s-1", s -> s)).isInstanceOf(SessionNotFoundException.class);
  }

  @Test
  void listShowsTheMostRecentlyUsedSessionFirst() {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("old", clock.instant().minusSeconds(300)));
    store.save(StoreFixtures.simple("middle", clock.instant().minusSeconds(200)));
    store.save(StoreFixtures.simple("new", clock.instant().minusSeconds(100)));
    store.update("old", s -> s);

    assertThat(store.list()).extracting(Session::id).containsExactly("old", "new", "middle");
    assertThat(store.mostRecent()).map(Session::id).contains("old");
  }

  @Test
  void anEmptyStoreHasNoMostRecentSession() {
    DecisionStore store = open();

    assertThat(store.mostRecent()).isEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  void clearRemovesEverySessionAndCountsThem() {
    DecisionStore store = open();
    store.save(StoreFixtures.simple("a", clock.instant()));
    store.save(StoreFixtures.simple("b", clock.instant()));

    assertThat(store.clear()).isEqualTo(2);
    assertThat(store.list()).isEmpty();
    assertThat(store.clear()).isZero();
  }

  @Test
  void aSessionUnusedForTheTimeToLiveIsGone() {
    DecisionStore store = open(options.withTtl(Duration.ofHours(1)));
    store.save(StoreFixtures.simple("s-1", clock.instant()));
    clock.advance(Duration.ofMinutes(59));
    assertThat(store.get("s-1")).isPresent();

    clock.advance(Duration.ofMinutes(1));

    assertThat(store.get("s-1")).isEmpty();
    assertThat(store.list()).isEmpty();
    assertThat(store.mostRecent()).isEmpty();
    assertThat(store.delete("s-1")).isFalse();
  }

  @Test
  void updatingASessionKeepsItAlive() {
    DecisionStore store = open(options.withTtl(Duration.ofHours(1)));
    store.save(StoreFixtures.simple("s-1", clock.instant()));

    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(45));
      store.update("s-1", s -> s);
    }

    assertThat(store.get("s-1")).isPresent();
  }

  @Test
  void updatingAnExpiredSessionThrowsNotFound() {
    DecisionStore store = open(options.withTtl(Duration.ofHours(1)));
    store.save(StoreFixtures.simple("s-1", clock.instant()));
    clock.advance(Duration.ofHours(2));

    assertThatThrownBy(() -> store.update("s-1", s -> s))
        .isInstanceOf(SessionNotFoundException.class)
        .hasMessageContaining("1 hour without use");
  }

  @Test
  void savingBeyondTheLimitEvictsTheLeastRecentlyUsedSession() {
    DecisionStore store = open(options.withMaxSessions(3));
    store.save(StoreFixtures.simple("a", clock.instant().minusSeconds(30)));
    store.save(StoreFixtures.simple("b", clock.instant().minusSeconds(40)));
    store.save(StoreFixtures.simple("c", clock.instant().minusSeconds(20)));
    store.update("b", s -> s);

    store.save(StoreFixtures.simple("d", clock.instant()));

    assertThat(store.list()).extracting(Session::id).containsExactlyInAnyOrder("b", "c", "d");
    store.save(StoreFixtures.simple("d", clock.instant()));
    assertThat(store.list()).hasSize(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"../etc/passwd", "..", "a/b", "a\\b", "C:x", "x.json", "has space", "", "null\u0000byte", "\u00e9t\u00e9",
      "12345678901234567890123456789012345678901234567890123456789012345"})
  void idsThatCouldNameAnotherFileAreRejected(String id) {
    DecisionStore store = open();

    assertThatThrownBy(() -> store.get(id)).isInstanceOf(InvalidDecisionException.class).hasMessageContaining("session id");
    assertThatThrownBy(() -> store.update(id, s -> s)).isInstanceOf(InvalidDecisionException.class);
    assertThatThrownBy(() -> store.delete(id)).isInstanceOf(InvalidDecisionException.class);
    assertThatThrownBy(() -> StoreFixtures.simple(id, clock.instant())).isInstanceOf(InvalidDecisionException.class)
        .hasMessageContaining("A-Z, a-z, 0-9, '_' and '-'");
  }
}
