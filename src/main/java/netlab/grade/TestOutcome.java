package netlab.grade;

import java.util.List;

/** One hidden test's verdict, as shown to the student: never the test's source. */
public record TestOutcome(String id, String name, int points, boolean passed, String reason,
    List<String> detail, String output, long millis) {}
