package dev.decisionmatrix.store;

import static dev.decisionmatrix.store.contract.StoreFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.store.contract.MutableClock;
import dev.decisionmatrix.store.contract.StoreFixtures;
import dev.decisionmatrix.engine.CellResult;
import dev.decisionmatrix.engine.Evaluation;
import dev.decisionmatrix.judge.Judgment;
import dev.decisionmatrix.llm.LlmErrorKind;
import dev.decisionmatrix.llm.TokenUsage;
import dev.decisionmatrix.model.Criterion;
import dev.decisionmatrix.model.Decision;
import dev.decisionmatrix.model.Option;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's judgment journal: what lands is folded into the session when a store opens the
 * directory after the writer went away without merging; live and completed journals are left
 * alone. The crash of a real process is covered by the MCP server's crash test.
 */
class JudgmentJournalTest {

  @TempDir Path dir;

  private final MutableClock clock = new MutableClock(T0);
  private final StoreOptions options = StoreOptions.defaults().withClock(clock);
  private final List<DecisionStore> stores = new java.util.ArrayList<>();

  @AfterEach
  void close() {
    stores.forEach(DecisionStore::close);
  }

  private DecisionStore open() {
    DecisionStore store = DecisionStore.files(dir, options);
    stores.add(store);
    return store;
  }

  private static Decision decision() {
    return Decision.of("Which editor?", List.of(Option.of("Vim"), Option.of("Emacs")), List.of(Criterion.of("Speed"), Criterion.of("Ease")));
  }

  private static CellResult cell(Decision d, String option, String criterion, Judgment judgment) {
    return new CellResult(d.optionIndex(option), d.criterionIndex(criterion), option, criterion, judgment, CellResult.Source.BACKEND, 1,
        TokenUsage.ZERO, Duration.ofMillis(5));
  }

  private static Judgment.Scored model(double score) {
    return new Judgment.Scored(score, "because", 0.8, 0, 1, false);
  }

  private List<Path> journals() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList();
    }
  }

  private Session start(DecisionStore store) {
    return store.save(new Session("s", decision(), Evaluation.empty(decision()), null, clock.instant(), clock.instant()));
  }

  @Test
  void judgmentsOfAnEvaluationThatNeverMergedAreFoldedIntoTheSessionWhenAStoreOpens() throws IOException {
    DecisionStore store = open();
    start(store);
    Decision d = decision();
    JudgmentJournal journal = store.journal("s", d);
    journal.onCell(cell(d, "Vim", "Speed", model(8)), null);
    journal.onCell(cell(d, "Emacs", "Ease", new Judgment.Abstained("no data")), null);
    journal.onCell(cell(d, "Emacs", "Speed", new Judgment.Failed(LlmErrorKind.TIMEOUT, "slow", 3)), null);
    journal.close(); // as if the merge failed or the process died: the journal stays
    assertThat(journals()).hasSize(1);
    store.close();

    Session recovered = open().get("s").orElseThrow();

    assertThat(recovered.evaluation().judgment("Vim", "Speed")).isEqualTo(model(8));
    assertThat(recovered.evaluation().judgment("Emacs", "Ease")).isEqualTo(new Judgment.Abstained("no data"));
    assertThat(recovered.evaluation().judgment("Emacs", "Speed")).as("failures are not journaled").isNull();
    assertThat(recovered.revision()).isEqualTo(1);
    assertThat(recovered.lastUsedAt()).as("folding is not use").isEqualTo(T0);
    assertThat(journals()).isEmpty();
  }

  @Test
  void aCompletedJournalIsDeletedAndFoldsNothing() throws IOException {
    DecisionStore store = open();
    start(store);
    Decision d = decision();
    try (JudgmentJournal journal = store.journal("s", d)) {
      journal.onCell(cell(d, "Vim", "Speed", model(8)), null);
      journal.complete();
    }
    assertThat(journals()).isEmpty();
    store.close();
    assertThat(open().get("s").orElseThrow().evaluation().counts().missing()).isEqualTo(4);
  }

  @Test
  void aJournalWhoseWriterIsAliveIsNotFolded() throws IOException {
    DecisionStore writer = open();
    start(writer);
    Decision d = decision();
    try (JudgmentJournal journal = writer.journal("s", d)) {
      journal.onCell(cell(d, "Vim", "Speed", model(8)), null);

      DecisionStore other = open();

      assertThat(other.get("s").orElseThrow().evaluation().counts().missing()).isEqualTo(4);
      assertThat(journals()).hasSize(1);
      journal.complete();
    }
  }

  @Test
  void foldingKeepsHandSetScoresAndDropsCellsWhosePromptChangedMeanwhile() throws IOException {
    DecisionStore store = open();
    start(store);
    Decision d = decision();
    JudgmentJournal journal = store.journal("s", d);
    journal.onCell(cell(d, "Vim", "Speed", model(8)), null);
    journal.onCell(cell(d, "Vim", "Ease", model(4)), null);
    journal.onCell(cell(d, "Emacs", "Speed", model(3)), null);
    store.apply("s", SessionCommand.setScore("Vim", "Speed", Judgment.Scored.manual(2, "")));
    store.apply("s", new SessionCommand.EditOption("Emacs", o -> Option.of("Emacs", "with evil-mode")));
    journal.close();
    store.close();

    Evaluation recovered = open().get("s").orElseThrow().evaluation();

    assertThat(((Judgment.Scored) recovered.judgment("Vim", "Speed")).manual()).isTrue();
    assertThat(recovered.judgment("Vim", "Ease")).isEqualTo(model(4));
    assertThat(recovered.judgment("Emacs", "Speed")).isNull();
  }

  @Test
  void aTornLastLineIsIgnoredAndTheLinesBeforeItAreKept() throws IOException {
    DecisionStore store = open();
    start(store);
    Decision d = decision();
    JudgmentJournal journal = store.journal("s", d);
    journal.onCell(cell(d, "Vim", "Speed", model(8)), null);
    journal.close();
    store.close();
    Files.writeString(journals().get(0), "{\"option\":\"Vim\",\"criterion\":\"Ea", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

    Evaluation recovered = open().get("s").orElseThrow().evaluation();

    assertThat(recovered.judgment("Vim", "Speed")).isEqualTo(model(8));
    assertThat(recovered.counts().scored()).isEqualTo(1);
  }

  @Test
  void anUnreadableJournalIsSetAsideAndTheSessionStillLoads() throws IOException {
    DecisionStore store = open();
    start(store);
    store.close();
    Files.writeString(dir.resolve("s~broken.journal"), "not a journal\n");

    assertThat(open().get("s")).isPresent();
    assertThat(journals()).isEmpty();
    assertThat(dir.resolve("s~broken.journal.corrupt")).exists();
  }

  @Test
  void theInMemoryStoreJournalsNothing() {
    DecisionStore store = DecisionStore.inMemory(options);
    store.save(new Session("s", decision(), Evaluation.empty(decision()), null, clock.instant(), clock.instant()));
    assertThat(store.journal("s", decision())).isSameAs(JudgmentJournal.none());
  }
}
