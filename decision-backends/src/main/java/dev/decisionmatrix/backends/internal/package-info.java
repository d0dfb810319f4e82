/**
 * Shared HTTP, JSON and error-mapping code of the backends. Not exported: nothing here is API.
 */
@NullMarked
package dev.decisionmatrix.backends.internal;

import org.jspecify.annotations.NullMarked;
