package netlab.lesson;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;

/**
 * A fenced {@code java} code block of a lesson, numbered from 1 in reading order. Info-string
 * flags mark the exceptions: {@code no-run} (shown only) and {@code expect-error} (illustrates a
 * compile or runtime error).
 */
public record Snippet(int number, String code, Set<String> flags, FencedCodeBlock block) {
  public static final String NO_RUN = "no-run";
  public static final String EXPECT_ERROR = "expect-error";

  public boolean runnable() {
    return !flags.contains(NO_RUN);
  }

  public boolean expectsError() {
    return flags.contains(EXPECT_ERROR);
  }

  /** The frame label shown by the renderer: {@code [2] java} or {@code [3] java · no-run}. */
  public String label() {
    StringBuilder b = new StringBuilder("[" + number + "] java");
    if (flags.contains(NO_RUN)) b.append(" · not runnable");
    if (flags.contains(EXPECT_ERROR)) b.append(" · shows an error");
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
