/** Redis-backed judgment cache, decision store and cell leases shared by several engine instances. */
@Incubating
@NullMarked
package dev.decisionmatrix.redis;

import dev.decisionmatrix.api.Incubating;
import org.jspecify.annotations.NullMarked;
