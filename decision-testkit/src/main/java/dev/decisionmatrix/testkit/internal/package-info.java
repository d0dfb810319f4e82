/**
 * Implementation of the LLM simulator: the HTTP handler, the four wire formats, counters and the
 * default judge. Not exported; nothing here is API.
 */
@NullMarked
package dev.decisionmatrix.testkit.internal;

import org.jspecify.annotations.NullMarked;
