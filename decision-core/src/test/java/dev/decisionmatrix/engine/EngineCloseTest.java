package dev.decisionmatrix.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmBackend;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.LlmException;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.store.DecisionStore;
import dev.decisionmatrix.store.JudgmentJournal;
import dev.decisionmatrix.store.Session;
import dev.decisionmatrix.store.SessionCommand;
import dev.decisionmatrix.store.StoreOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the engine in the middle of an evaluation, as an application does when it shuts down,
 * keeps every judgment that landed: the evaluation ends with them (the rest cancelled), so the
 * application can merge them, and a journal that was never merged gives them back when the store
 * opens its directory again.
 */
class EngineCloseTest {

  private static final int ANSWERED = 10;

  @Test
  void closingTheEngineMidEvaluationKeepsEveryJudgmentThatLanded(@TempDir Path dir) throws Exception {
    Decision decision = Fixtures.decision(6, 6);
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch blocked = new CountDownLatch(1);
    LlmBackend backend = request -> {
      if (calls.incrementAndGet() <= ANSWERED) {
        return Fixtures.answer(request);
      }
      blocked.countDown();
      try {
        new CountDownLatch(1).await(); // a call that never answers until the close interrupts it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new LlmException(LlmErrorKind.CANCELLED, "interrupted");
    };
    CountDownLatch landed = new CountDownLatch(ANSWERED);
    Evaluation ended;
    String id;
    try (DecisionStore store = DecisionStore.files(dir, StoreOptions.defaults())) {
      id = store.save(Session.create(decision, null, Instant.now())).id();
    }
    DecisionStore store = DecisionStore.files(dir, StoreOptions.defaults());
    JudgmentJournal journal = store.journal(id, decision);
    DecisionEngine engine = Fixtures.engine(backend).maxConcurrency(4).build();
    RunningEvaluation running = engine.start(decision, null, EvaluationOptions.builder()
        .listener(journal.andThen((cell, progress) -> landed.countDown()))
        .build());
    assertThat(landed.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(blocked.await(30, TimeUnit.SECONDS)).isTrue();

    engine.close();
    ended = running.result().get(30, TimeUnit.SECONDS);

    long scored = ended.cells().stream().filter(c -> c.judgment() instanceof Judgment.Scored).count();
    assertThat(scored).as("judgments in the evaluation the close ended").isEqualTo(ANSWERED);
    assertThat(ended.counts().failed() + ended.counts().missing()).isEqualTo(36 - ANSWERED);
    assertThat(ended.cells()).filteredOn(c -> c.judgment() instanceof Judgment.Failed f && f.kind() != LlmErrorKind.CANCELLED)
        .as("the cells the close cut short are cancelled, not failed").isEmpty();

    // The application exits before merging: the journal keeps what landed.
    journal.close();
    store.close();
    try (DecisionStore reopened = DecisionStore.files(dir, StoreOptions.defaults())) {
      Session recovered = reopened.get(id).orElseThrow();
      assertThat(recovered.evaluation().counts().scored()).as("judgments folded from the journal").isEqualTo(ANSWERED);
      // Merging the ended evaluation as well changes nothing: the same judgments, once each.
      assertThat(reopened.apply(id, SessionCommand.merge(ended)).after().evaluation().counts().scored()).isEqualTo(ANSWERED);
    }
  }
}
