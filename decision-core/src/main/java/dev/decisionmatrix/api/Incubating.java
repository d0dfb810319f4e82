package dev.decisionmatrix.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks API that is new and may still change: a package, type, constructor, method or field so
 * marked may be renamed, reshaped or removed in any minor release, without first being deprecated,
 * and the changelog says so. Exported API without this mark is stable: it changes incompatibly only
 * after a release that deprecates the old form, and then only in a minor release before 1.0 or a
 * major release after it (README, "Versioning and API stability").
 *
 * <p>Documentation only: it changes no behaviour, and nothing reads it at run time. A package
 * carries it in its {@code package-info.java}; it then covers every type in that package.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.PACKAGE, ElementType.TYPE, ElementType.CONSTRUCTOR, ElementType.METHOD, ElementType.FIELD})
public @interface Incubating {}
