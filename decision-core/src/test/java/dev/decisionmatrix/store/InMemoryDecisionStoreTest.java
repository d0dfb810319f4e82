package dev.decisionmatrix.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.decisionmatrix.store.contract.StoreFixtures;
import dev.decisionmatrix.store.contract.DecisionStoreContract;
import org.junit.jupiter.api.Test;

class InMemoryDecisionStoreTest extends DecisionStoreContract {

  @Override
  protected DecisionStore create(StoreOptions storeOptions) {
    return DecisionStore.inMemory(storeOptions);
  }

  @Test
  void separateInMemoryStoresShareNothing() {
    DecisionStore first = open();
    first.save(StoreFixtures.simple("s-1", clock.instant()));

    assertThat(open().get("s-1")).isEmpty();
  }

  @Test
  void theDefaultInMemoryStoreUsesTheDefaultOptions() {
    try (DecisionStore store = DecisionStore.inMemory()) {
      assertThat(store.list()).isEmpty();
      assertThat(store).hasToString("DecisionStore.inMemory()");
    }
  }
}
