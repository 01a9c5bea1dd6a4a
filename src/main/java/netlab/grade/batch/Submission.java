package netlab.grade.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One student's submission, unpacked into a folder of its own: the student's id, the folder of
 * each exercise they submitted (by exercise dir, e.g. "04-udp-echo"), and what was wrong with
 * the submission itself. {@code rejected} means nothing in it can be graded. {@code manifestStudent}
 * is the student its manifest names, if it has one: another submission's id it may also claim.
 */
public record Submission(String student, String source, Map<String, Path> exercises, List<String> problems,
    boolean rejected, String manifestStudent) {}
