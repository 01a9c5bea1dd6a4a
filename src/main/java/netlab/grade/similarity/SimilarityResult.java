package netlab.grade.similarity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * What JPlag found, as {@code similarity.json} in a report folder holds it: per exercise, the
 * most similar pairs of submissions (by report key), their similarity, and for pairs at or above
 * the threshold the matched regions as line ranges. The code itself is read from the report's
 * copies of the sources when the page is made.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class SimilarityResult {
  /** Pairs at or above this average similarity (0..1) are shown with their matches. */
  public double threshold;
  public String engine;
  public List<Exercise> exercises = new ArrayList<>();

  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class Exercise {
    public String dir;
    /** Submissions compared (those with the exercise's sources). */
    public int submissions;
    /** Submissions JPlag could not use, by key, with the reason (does not parse, too short). */
    public List<String> skipped = new ArrayList<>();
    /** Most similar first; pairs below the threshold keep no regions. */
    public List<Pair> pairs = new ArrayList<>();
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class Pair {
    /** Report keys (folder names under students/): never two alike, unlike student ids. */
    public String a;
    public String b;
    /** JPlag's average similarity: matched tokens of both over all tokens of both, 0..1. */
    public double similarity;
    /** The larger of the two one-sided similarities: how much of the smaller one is matched. */
    public double max;
    public List<Region> regions = new ArrayList<>();
  }

  /** One match: the same token sequence in both, as lines of a file of each (1-based, inclusive). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class Region {
    public String fileA;
    public int startA;
    public int endA;
    public String fileB;
    public int startB;
    public int endB;
    public int tokens;
  }
}
