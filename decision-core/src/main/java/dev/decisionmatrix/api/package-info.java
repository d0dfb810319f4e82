/**
 * Annotations that describe the library's API itself: {@link dev.decisionmatrix.api.Incubating}
 * marks what may still change in a minor release.
 */
@NullMarked
package dev.decisionmatrix.api;

import org.jspecify.annotations.NullMarked;
