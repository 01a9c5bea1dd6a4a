package netlab.grade.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How many points a hidden test is worth (1 when absent). An exercise's tests add up to the
 * {@code points} of its entry in {@code exercises/exercises.toml}; {@code netlab verify} checks it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Points {
  int value();
}
