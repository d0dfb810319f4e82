package dev.decisionmatrix.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.engine.CellResult;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.JudgmentJournal;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.StoreOptions;
import dev.decisionmatrix.testkit.RedisProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Judgments journaled in Redis by an instance that stopped before merging them are folded into
 * their session by the other instances, against a real Redis: by a store when it opens, and by a
 * store already running at its next sweep. A journal whose instance is alive is left alone.
 */
class RedisJournalRecoveryTest {

  private final RedisProcess redis = RedisProcess.start();
  private final RedisConnection dead = RedisConnection.open(redis.url(), "journal:");
  private final RedisConnection living = RedisConnection.open(redis.url(), "journal:");

  @AfterEach
  void tearDown() {
    dead.close();
    living.close();
    redis.close();
  }

  private static Decision decision() {
    return Decision.of("Which editor?", List.of(Option.of("Vim"), Option.of("Emacs")), List.of(Criterion.of("Speed"), Criterion.of("Ease")));
  }

  private static CellResult cell(Decision d, String option, String criterion, double score) {
    return new CellResult(d.optionIndex(option), d.criterionIndex(criterion), option, criterion,
        new Judgment.Scored(score, "because", 0.8, 0, 1, false), CellResult.Source.BACKEND, 1, TokenUsage.ZERO, Duration.ofMillis(5));
  }

  /** Waits for a condition that another thread or instance makes true, up to 30 s. */
  private static void awaitCondition(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
    assertThat(condition.getAsBoolean()).as("condition met within 30 s").isTrue();
  }

  /** Journals two judgments and stops without merging them, as an instance that dies does. */
  private String orphanTwoJudgments(DecisionStore store) {
    Decision d = decision();
    String id = store.save(Session.create(d, null, Instant.now())).id();
    JudgmentJournal journal = store.journal(id, d);
    journal.onCell(cell(d, "Vim", "Speed", 8), null);
    journal.onCell(cell(d, "Emacs", "Ease", 3), null);
    journal.close(); // no merge, no complete(): the journal's owner is gone, its judgments stay in Redis
    return id;
  }

  @Test
  void aStoreThatOpensFoldsTheJournalsOfAStoppedInstanceIntoTheirSessions() {
    DecisionStore first = dead.store(StoreOptions.defaults());
    String id = orphanTwoJudgments(first);
    assertThat(first.get(id).orElseThrow().evaluation().counts().scored()).isZero();

    DecisionStore second = living.store(StoreOptions.defaults());
    Session recovered = second.get(id).orElseThrow();

    assertThat(recovered.evaluation().judgment("Vim", "Speed")).isInstanceOf(Judgment.Scored.class);
    assertThat(((Judgment.Scored) recovered.evaluation().judgment("Vim", "Speed")).score()).isEqualTo(8);
    assertThat(((Judgment.Scored) recovered.evaluation().judgment("Emacs", "Ease")).score()).isEqualTo(3);
    assertThat(recovered.evaluation().counts().scored()).isEqualTo(2);
    assertThat(living.client().smembers(living.key("journals"))).as("the journal is gone once folded").isEmpty();
    first.close();
    second.close();
  }

  @Test
  void aRunningStoreFoldsAJournalLeftAfterItOpenedAtItsNextSweep() throws Exception {
    RedisDecisionStore running = new RedisDecisionStore(living, StoreOptions.defaults(), Duration.ofMillis(50));
    DecisionStore other = dead.store(StoreOptions.defaults());
    String id = orphanTwoJudgments(other);

    awaitCondition(() -> running.get(id).orElseThrow().evaluation().counts().scored() >= 2);
    assertThat(running.get(id).orElseThrow().evaluation().counts().scored()).isEqualTo(2);
    running.close();
    other.close();
  }

  @Test
  void aJournalWhoseInstanceIsAliveIsNotFolded() {
    DecisionStore writer = dead.store(StoreOptions.defaults());
    Decision d = decision();
    String id = writer.save(Session.create(d, null, Instant.now())).id();
    try (JudgmentJournal journal = writer.journal(id, d)) {
      journal.onCell(cell(d, "Vim", "Speed", 8), null);
      awaitCondition(() -> dead.client().llen(dead.key("journal:" + dead.client().smembers(dead.key("journals")).stream()
          .findFirst().orElse("none"))) == 2);
      // Listed in Redis with its judgment, and its owner key alive: the store that opens leaves it alone.
      DecisionStore other = living.store(StoreOptions.defaults());
      assertThat(other.get(id).orElseThrow().evaluation().counts().scored()).isZero();
      other.close();
      journal.complete();
    }
    writer.close();
  }
}
