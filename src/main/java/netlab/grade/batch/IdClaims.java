package netlab.grade.batch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Submissions that claim the same student id, by their file names ({@code alice.zip} and
 * {@code submission-alice.zip}) or by a manifest naming someone else, are all graded, each in a
 * folder of its own. This adds a problem line to each, saying which submission it is, because the
 * gradebook lists them under one id. Whether an id is shared depends on the whole class, so the
 * lines are recomputed whenever the class is put together (the end of a run, a merge).
 */
public final class IdClaims {
  private static final Pattern LINE = Pattern.compile("\\d+ submissions claim student id '.*", Pattern.DOTALL);

  private IdClaims() {}

  /**
   * Replaces the claim lines of {@code grades}; {@code elsewhere} names the submissions graded
   * elsewhere (another shard), source name to id, known by their file names only. Returns the
   * grades whose problems changed, to be written again.
   */
  public static List<StudentGrade> mark(List<StudentGrade> grades, Map<String, String> elsewhere) {
    Map<String, Set<String>> sources = new TreeMap<>();
    for (StudentGrade g : grades) {
      for (String id : claims(g)) sources.computeIfAbsent(id, k -> new TreeSet<>()).add(g.source);
    }
    elsewhere.forEach((source, id) -> sources.computeIfAbsent(id, k -> new TreeSet<>()).add(source));
    List<StudentGrade> changed = new ArrayList<>();
    for (StudentGrade g : grades) {
      List<String> problems = new ArrayList<>(g.problems.stream().filter(p -> !LINE.matcher(p).matches()).toList());
      for (String id : claims(g)) {
        Set<String> all = sources.get(id);
        if (all.size() > 1) {
          problems.add(all.size() + " submissions claim student id '" + id + "': " + String.join(", ", all) + "; this is " + g.source);
        }
      }
      if (!problems.equals(g.problems)) {
        g.problems = problems;
        changed.add(g);
      }
    }
    return changed;
  }

  private static Set<String> claims(StudentGrade g) {
    Set<String> ids = new LinkedHashSet<>();
    ids.add(g.student);
    if (g.manifestStudent != null && !g.manifestStudent.isEmpty()) ids.add(g.manifestStudent);
    return ids;
  }
}
