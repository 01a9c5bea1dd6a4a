package netlab.grade.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a hidden test class whose tests count only in the instructor's grading ({@code netlab
 * grade}, {@code netlab verify}). A student's {@code check} does not run them, and {@code netlab
 * release} leaves them out of the kit, so students cannot tune their code to them. Their points
 * are part of the exercise's {@code points} in {@code exercises.toml}; {@code check} says how
 * many points such tests hold without naming them.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface InstructorOnly {}
