/**
 * Named, mutable decision workspaces ({@link dev.decisionmatrix.store.Session sessions}) and the
 * {@link dev.decisionmatrix.store.DecisionStore} that keeps them, in memory or as one JSON file per
 * session.
 */
@NullMarked
package dev.decisionmatrix.store;

import org.jspecify.annotations.NullMarked;
