package dev.decisionmatrix.store.contract;

import static dev.decisionmatrix.store.contract.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.InvalidDecisionException;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionChange;
import dev.decisionmatrix.store.SessionCommand;
import dev.decisionmatrix.store.SessionConflictException;
import dev.decisionmatrix.store.SessionNotFoundException;
import dev.decisionmatrix.store.StoreOptions;
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

/**
 * What every {@link DecisionStore} does; each store's test class extends this, in this module and
 * in others (the Redis store), which is why it is public and lives in a package of its own.
 */
public abstract class DecisionStoreContract {

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
  protected void closeStores() {
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
  void aSessionsOwnerIsStoredAndNoUpdateCanChangeIt() {
    DecisionStore store = open();
    Session simple = StoreFixtures.simple("s-1", clock.instant());
    Session owned = new Session(simple.id(), simple.decision(), simple.evaluation(), simple.settings(), simple.createdAt(), simple.lastUsedAt(), 0, "alice");
    store.save(owned);

    assertThat(store.get("s-1")).map(Session::owner).contains("alice");
    assertThat(store.update("s-1", s -> s.withDecision(s.decision().withTopic("Edited"))).owner()).isEqualTo("alice");
    assertThatThrownBy(() -> store.update("s-1", s -> StoreFixtures.simple("s-1", clock.instant())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep the owner");
    assertThat(store.get("s-1")).map(Session::owner).contains("alice");
    assertThat(store.get("s-1")).map(s -> s.decision().topic()).contains("Edited");
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

  private static Decision twoByTwo() {
    return Decision.of("Which editor?", List.of(Option.of("Vim"), Option.of("Emacs")), List.of(Criterion.of("Speed"), Criterion.of("Ease")));
  }

  private static Judgment.Scored model(double score) {
    return new Judgment.Scored(score, "model", Double.NaN, 0, 1, false);
  }

  /** An evaluation that judged every cell of the decision with the given score. */
  private static Evaluation judgedAll(Decision d, double score) {
    Evaluation e = Evaluation.empty(d);
    for (Option o : d.options()) {
      for (Criterion c : d.criteria()) {
        e = e.withJudgment(o.name(), c.name(), model(score));
      }
    }
    return e;
  }

  @Test
  void everyChangeAddsOneRevisionAndSavingKeepsTheRevisionGiven() {
    DecisionStore store = open();
    Session saved = store.save(Session.create(twoByTwo(), null, clock.instant()));
    assertThat(saved.revision()).isZero();

    SessionChange first = store.apply(saved.id(), new SessionCommand.SetWeight("Speed", 3));
    SessionChange second = store.apply(saved.id(), new SessionCommand.AddOption(Option.of("Nano")));

    assertThat(first.before().revision()).isZero();
    assertThat(first.after().revision()).isEqualTo(1);
    assertThat(second.after().revision()).isEqualTo(2);
    assertThat(store.get(saved.id()).orElseThrow().revision()).isEqualTo(2);
    assertThat(store.update(saved.id(), s -> s).revision()).isEqualTo(3);
  }

  @Test
  void aCommandMadeAgainstAStaleRevisionIsRefusedAndChangesNothing() {
    DecisionStore store = open();
    Session saved = store.save(Session.create(twoByTwo(), null, clock.instant()));
    store.apply(saved.id(), new SessionCommand.SetWeight("Speed", 3));

    assertThatThrownBy(() -> store.apply(saved.id(), 0, new SessionCommand.RemoveOption("Vim")))
        .isInstanceOfSatisfying(SessionConflictException.class, e -> {
          assertThat(e.expectedRevision()).isZero();
          assertThat(e.actualRevision()).isEqualTo(1);
        })
        .hasMessageContaining("revision 1")
        .hasMessageContaining("Read the session again");
    Session now = store.get(saved.id()).orElseThrow();
    assertThat(now.revision()).isEqualTo(1);
    assertThat(now.decision().optionIndex("Vim")).isZero();

    assertThat(store.apply(saved.id(), 1, new SessionCommand.RemoveOption("Vim")).after().decision().options()).hasSize(1);
  }

  @Test
  void aScoreSetWhileAnEvaluationRunsSurvivesTheEvaluationsMerge() {
    DecisionStore store = open();
    Session saved = store.save(Session.create(twoByTwo(), null, clock.instant()));
    // The evaluation starts from the session as it was, then a person sets a score.
    Evaluation finished = judgedAll(saved.decision(), 7);
    store.apply(saved.id(), SessionCommand.setScore("Vim", "Speed", Judgment.Scored.manual(2, "measured")));

    Session merged = store.apply(saved.id(), SessionCommand.merge(finished)).after();

    Judgment.Scored hand = (Judgment.Scored) merged.evaluation().judgment("Vim", "Speed");
    assertThat(hand.score()).isEqualTo(2.0);
    assertThat(hand.manual()).isTrue();
    assertThat(merged.evaluation().judgment("Emacs", "Speed")).isEqualTo(model(7));
  }

  @Test
  void aMergeKeepsEditsMadeMeanwhileAndDropsJudgmentsOfRemovedOrRewordedCells() {
    DecisionStore store = open();
    Session saved = store.save(Session.create(twoByTwo(), null, clock.instant()));
    Evaluation finished = judgedAll(saved.decision(), 6);
    store.apply(saved.id(), new SessionCommand.SetWeight("Ease", 4));
    store.apply(saved.id(), new SessionCommand.RemoveOption("Emacs"));
    store.apply(saved.id(), new SessionCommand.AddOption(Option.of("Nano")));
    store.apply(saved.id(), new SessionCommand.EditCriterion("Speed", c -> c.toBuilder().description("startup time").build()));

    Session merged = store.apply(saved.id(), SessionCommand.merge(finished)).after();

    assertThat(merged.decision().criterion("Ease").weight()).isEqualTo(4.0);
    assertThat(merged.decision().options()).extracting(Option::name).containsExactly("Vim", "Nano");
    assertThat(merged.evaluation().judgment("Vim", "Ease")).isEqualTo(model(6));
    assertThat(merged.evaluation().judgment("Vim", "Speed")).as("its prompt text changed meanwhile").isNull();
    assertThat(merged.evaluation().judgment("Nano", "Ease")).isNull();
  }

  @Test
  void aFailureNeverReplacesAValidJudgmentAndAClearedScoreStaysCleared() {
    DecisionStore store = open();
    Decision d = twoByTwo();
    Session saved = store.save(new Session("s", d, judgedAll(d, 5).withJudgment("Vim", "Ease", Judgment.Scored.manual(9, "")),
        null, clock.instant(), clock.instant()));
    Evaluation finished = saved.evaluation()
        .withJudgment("Vim", "Speed", new Judgment.Failed(dev.decisionmatrix.llm.LlmErrorKind.TIMEOUT, "slow", 3));
    store.apply("s", SessionCommand.setScore("Vim", "Ease", null));

    Session merged = store.apply("s", SessionCommand.merge(finished)).after();

    assertThat(merged.evaluation().judgment("Vim", "Speed")).isEqualTo(model(5));
    assertThat(merged.evaluation().judgment("Vim", "Ease")).as("the person cleared it while the evaluation ran").isNull();
    assertThat(store.apply("s", SessionCommand.merge(finished)).after().evaluation()).isEqualTo(merged.evaluation());
  }

  @Test
  void aCommandThatBreaksTheLimitsChangesNothing() {
    DecisionStore store = open();
    Session saved = store.save(Session.create(twoByTwo(), null, clock.instant()));
    SessionCommand tooMany = new SessionCommand.AddOption(Option.of("Nano")).within(dev.decisionmatrix.model.DecisionLimits.DEFAULTS.withMaxOptions(2));

    assertThatThrownBy(() -> store.apply(saved.id(), tooMany)).isInstanceOf(InvalidDecisionException.class);
    assertThat(store.get(saved.id()).orElseThrow()).isEqualTo(saved);
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
