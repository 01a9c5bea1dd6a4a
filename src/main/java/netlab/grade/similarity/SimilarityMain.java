package netlab.grade.similarity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.jplag.JPlag;
import de.jplag.JPlagComparison;
import de.jplag.JPlagResult;
import de.jplag.Match;
import de.jplag.Submission;
import de.jplag.Token;
import de.jplag.clustering.ClusteringOptions;
import de.jplag.exceptions.ExitException;
import de.jplag.options.JPlagOptions;
import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The child JVM that runs JPlag: reads a request (per exercise, a folder of submissions, one
 * sub-folder each, and the starter as base code), writes a {@link SimilarityResult}. It parses
 * the students' sources with javac's parser and runs none of their code; it is a process of its
 * own only so that a source that makes the parser hang or fill the heap costs the similarity
 * section, never the grading run.
 */
public final class SimilarityMain {
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class Request {
    public double threshold;
    /** Pairs kept per exercise (with or without regions), most similar first. */
    public int keep;
    public List<Job> exercises = new ArrayList<>();
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public static final class Job {
    public String dir;
    public String root;
    public String base;
  }

  private SimilarityMain() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    Request req = json.readValue(new File(args[0]), Request.class);
    SimilarityResult out = new SimilarityResult();
    out.threshold = req.threshold;
    var v = JPlag.JPLAG_VERSION;
    out.engine = "JPlag " + v.major() + "." + v.minor() + "." + v.patch();
    for (Job job : req.exercises) out.exercises.add(compare(job, req));
    json.writerWithDefaultPrettyPrinter().writeValue(new File(args[1]), out);
  }

  static SimilarityResult.Exercise compare(Job job, Request req) {
    SimilarityResult.Exercise ex = new SimilarityResult.Exercise();
    ex.dir = job.dir;
    File root = new File(job.root);
    String[] subs = root.list();
    ex.submissions = subs == null ? 0 : subs.length;
    if (ex.submissions < 2) return ex; // nothing to compare
    JPlagOptions options = new JPlagOptions(new de.jplag.java.Language(), Set.of(root), Set.of())
        .withBaseCodeSubmissionDirectory(new File(job.base))
        .withClusteringOptions(new ClusteringOptions().withEnabled(false));
    JPlagResult result;
    try {
      result = new JPlag(options).run();
    } catch (ExitException e) {
      ex.skipped.add("the whole exercise: " + e.getMessage()); // fewer than two submissions parse
      return ex;
    }
    for (Submission s : result.getSubmissions().getInvalidSubmissions()) {
      ex.skipped.add(s.getName() + ": JPlag could not use it (it does not parse, or is too short)");
    }
    List<JPlagComparison> all = new ArrayList<>(result.getAllComparisons());
    all.sort(Comparator.comparingDouble(JPlagComparison::similarity).reversed()
        .thenComparing(c -> c.firstSubmission().getName() + "/" + c.secondSubmission().getName()));
    for (JPlagComparison c : all.subList(0, Math.min(req.keep, all.size()))) {
      SimilarityResult.Pair p = new SimilarityResult.Pair();
      boolean swap = c.firstSubmission().getName().compareTo(c.secondSubmission().getName()) > 0;
      Submission a = swap ? c.secondSubmission() : c.firstSubmission();
      Submission b = swap ? c.firstSubmission() : c.secondSubmission();
      p.a = a.getName();
      p.b = b.getName();
      p.similarity = c.similarity();
      p.max = c.maximalSimilarity();
      if (p.similarity >= req.threshold) {
        List<Match> matches = new ArrayList<>(c.matches());
        matches.sort(Comparator.comparingInt(Match::length).reversed());
        for (Match m : matches) {
          int startA = swap ? m.startOfSecond() : m.startOfFirst();
          int startB = swap ? m.startOfFirst() : m.startOfSecond();
          p.regions.add(region(a.getTokenList(), startA, b.getTokenList(), startB, m.length()));
        }
      }
      ex.pairs.add(p);
    }
    return ex;
  }

  static SimilarityResult.Region region(List<Token> a, int startA, List<Token> b, int startB, int length) {
    SimilarityResult.Region r = new SimilarityResult.Region();
    int[] la = lines(a, startA, length);
    int[] lb = lines(b, startB, length);
    r.fileA = a.get(startA).getFile().getName();
    r.fileB = b.get(startB).getFile().getName();
    r.startA = la[0];
    r.endA = la[1];
    r.startB = lb[0];
    r.endB = lb[1];
    r.tokens = length;
    return r;
  }

  /** First and last line the tokens cover (a match never crosses files: a file's end token matches nothing). */
  private static int[] lines(List<Token> tokens, int start, int length) {
    int first = Integer.MAX_VALUE;
    int last = 0;
    for (int i = start; i < start + length && i < tokens.size(); i++) {
      int line = tokens.get(i).getLine();
      if (line <= 0) continue;
      first = Math.min(first, line);
      last = Math.max(last, line);
    }
    return first == Integer.MAX_VALUE ? new int[] {0, 0} : new int[] {first, last};
  }
}
