package netlab.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import netlab.core.LabHome;
import netlab.grade.Grader;
import netlab.grade.protocol.Event;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clause maps (src/hidden/NN-id/clauses.md, issue 13): each names, for every clause of an
 * exercise's contract, hidden tests that exist. Test names are taken from discovering the
 * compiled hidden tests, as `verify` does, so a @ParameterizedTest counts by its method's name.
 */
class ClauseMapTest {
  static final LabHome HOME = new LabHome(LabRun.repo());
  static Grader grader;

  @TempDir
  Path dir;

  @BeforeAll
  static void grader() {
    grader = Grader.forLab(HOME, Grader.Options.defaults());
  }

  @AfterAll
  static void close() {
    grader.close();
  }

  @TestFactory
  List<DynamicTest> everyClauseOfEveryMapNamesOnlyHiddenTestsThatExist() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Exercise ex : ExerciseCatalog.load(HOME).exercises()) {
      ClauseMap map = ClauseMap.of(HOME, ex);
      if (map == null) continue;
      tests.add(DynamicTest.dynamicTest(ex.dir(), () -> {
        Set<String> names = grader.prepare(ex).tests().stream().map(Event.TestInfo::name).collect(Collectors.toSet());
        assertEquals(List.of(), map.problems(names, HOME.show(map.file())));
      }));
    }
    assertTrue(!tests.isEmpty(), "no exercise has a clauses.md; 01-subnet-calculator should");
    return tests;
  }

  @Test
  void readsClausesWrappedClauseTextAndNestedTestNames() throws Exception {
    Path f = dir.resolve(ClauseMap.FILE);
    Files.writeString(f, """
        # Clause map: 01-adder
        Each clause of README.md's contract, and the hidden tests that check it.

        - README "What to write": add returns a + b
          for any two ints
          - adds small numbers
          - adds negative numbers

        - javadoc `Adder.add`: wraps around on overflow
          - adds large numbers
        """);
    ClauseMap map = ClauseMap.read(f);
    assertEquals(List.of(
        new ClauseMap.Clause("README \"What to write\": add returns a + b for any two ints", 4,
            List.of("adds small numbers", "adds negative numbers")),
        new ClauseMap.Clause("javadoc `Adder.add`: wraps around on overflow", 9, List.of("adds large numbers"))),
        map.clauses());
  }

  @Test
  void aMissingTestAndAClauseWithoutTestsAreOneLineProblemsNamingFileClauseAndTest() throws Exception {
    Path f = dir.resolve(ClauseMap.FILE);
    Files.writeString(f, """
        - README: add returns a + b
          - adds small numbers
          - adds huge numbers
        - README: add never throws
        """);
    List<String> problems = ClauseMap.read(f).problems(Set.of("adds small numbers"), "clauses.md");
    assertEquals(List.of(
        "clauses.md:1: clause \"README: add returns a + b\" names \"adds huge numbers\", which is no hidden test's display name",
        "clauses.md:4: clause \"README: add never throws\" names no hidden test"), problems);
  }

  @Test
  void verifyFailsOnAClauseMapThatNamesATestThatDoesNotExist() throws Exception {
    Path lab = ToyLab.create(dir.resolve("lab"));
    Path map = lab.resolve("src/hidden/01-adder/clauses.md");
    Files.writeString(map, """
        # Clause map: 01-adder
        - README: add returns the sum
          - adds small numbers
          - adds negative numbers
        """);
    LabRun good = LabRun.run(lab, "", "verify", "adder", "--runs", "1");
    assertEquals(0, good.exitCode, good.toString());

    Files.writeString(map, Files.readString(map) + "  - adds enormous numbers\n");
    LabRun bad = LabRun.run(lab, "", "verify", "adder", "--runs", "1");
    assertEquals(1, bad.exitCode, bad.toString());
    assertTrue(bad.out.contains("src/hidden/01-adder/clauses.md:2: clause \"README: add returns the sum\""
        + " names \"adds enormous numbers\", which is no hidden test's display name"), bad.out);
  }
}
