/**
 * Decision Matrix core: the model, judging, the evaluation engine, the judgment cache and the
 * ranking methods. Depends only on the JDK, Jackson, Caffeine and, for the persistent judgment
 * cache, H2's MVStore.
 */
module dev.decisionmatrix.core {
  requires com.fasterxml.jackson.databind;
  requires com.github.benmanes.caffeine;
  requires com.h2database.mvstore;
  requires java.desktop;
  requires static transitive org.jspecify;

  exports dev.decisionmatrix;
  exports dev.decisionmatrix.api;
  exports dev.decisionmatrix.model;
  exports dev.decisionmatrix.llm;
  exports dev.decisionmatrix.judge;
  exports dev.decisionmatrix.engine;
  exports dev.decisionmatrix.cache;
  exports dev.decisionmatrix.rank;
  exports dev.decisionmatrix.rank.weights;
  exports dev.decisionmatrix.rank.consensus;
  exports dev.decisionmatrix.store;
  exports dev.decisionmatrix.report;
  exports dev.decisionmatrix.cost;
}
