package netlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import netlab.core.Msg;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;

/**
 * A fenced {@code java} code block of a lesson, numbered from 1 in reading order. Info-string
 * flags mark the exceptions: {@code no-run} (shown only), {@code expect-error} (illustrates a
 * compile or runtime error) and {@code min=21} (needs Java 21 or newer: where the lab's JShell
 * runs an older Java, the snippet is shown with a note instead of failing to compile).
 */
public record Snippet(int number, String code, Set<String> flags, FencedCodeBlock block) {
  public static final String NO_RUN = "no-run";
  public static final String EXPECT_ERROR = "expect-error";
  public static final String MIN_PREFIX = "min=";

  public boolean runnable() {
    return !flags.contains(NO_RUN);
  }

  public boolean expectsError() {
    return flags.contains(EXPECT_ERROR);
  }

  /** The oldest Java feature release this snippet runs on ({@code min=21}), 0 when any will do. */
  public int minJava() {
    for (String f : flags) {
      if (!f.startsWith(MIN_PREFIX)) continue;
      try {
        return Integer.parseInt(f.substring(MIN_PREFIX.length()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(Msg.get("snippet.badMin", number, f));
      }
    }
    return 0;
  }

  /** True when a JShell on Java {@code feature} can run this snippet. */
  public boolean runsOn(int feature) {
    return feature >= minJava();
  }

  /**
   * The one-line note shown instead of running a snippet the engine's Java is too old for.
   * {@code engine}: the feature release of the Java the JShell engine runs.
   */
  public String tooNewNote(int engine) {
    int min = minJava();
    return Msg.get("snippet.tooNew", number, min, engine);
  }

  /** The frame label shown by the renderer: {@code [2] java}, {@code [3] java · not runnable}, {@code [4] java · Java 21+}. */
  public String label() {
    StringBuilder b = new StringBuilder("[" + number + "] java");
    if (flags.contains(NO_RUN)) b.append(" · ").append(Msg.get("snippet.noRun"));
    if (flags.contains(EXPECT_ERROR)) b.append(" · ").append(Msg.get("snippet.showsError"));
    if (minJava() > 0) b.append(" · Java ").append(minJava()).append("+");
    return b.toString();
  }

  public static boolean isJava(FencedCodeBlock block) {
    String info = block.getInfo();
    return info != null && info.trim().split("\\s+")[0].equalsIgnoreCase("java");
  }

  public static List<Snippet> of(Node document) {
    List<Snippet> out = new ArrayList<>();
    document.accept(new AbstractVisitor() {
      @Override
      public void visit(FencedCodeBlock block) {
        if (!isJava(block)) return;
        String[] words = block.getInfo().trim().split("\\s+");
        Set<String> flags = Set.of(java.util.Arrays.copyOfRange(words, 1, words.length));
        out.add(new Snippet(out.size() + 1, block.getLiteral(), flags, block));
      }
    });
    return out;
  }
}
