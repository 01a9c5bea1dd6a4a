package netlab.repl;

import java.util.regex.Pattern;

/**
 * Tells a line of Java typed at the lab's prompt (a line copied from a lesson, say) from a
 * mistyped command, so that it gets pointed to 'jshell' instead of "unknown command". Only
 * unmistakable shapes count, so a typo of a command still gets "did you mean".
 */
final class JavaInput {
  private JavaInput() {}

  private static final String NAME = "[A-Za-z_$][\\w$]*";

  /** {@code show("later", port)}, {@code System.out.println(1)}, {@code new Socket(…)}. */
  private static final Pattern CALL = Pattern.compile("(new\\s+)?" + NAME + "(\\s*\\.\\s*" + NAME + ")*(<[^>]*>)?\\s*\\(.*");

  /** {@code int x = 3}, {@code var s = …}, {@code String[] a = …}, {@code List<String> xs = …}. */
  private static final Pattern DECLARATION = Pattern.compile(
      "(final\\s+)?(var|boolean|byte|char|short|int|long|float|double|[A-Z][\\w$.]*(<.*>)?)(\\[\\])*\\s+" + NAME
          + "\\s*(=.*|;)");

  /** {@code x = 3}, {@code count += 2}, {@code a[0] = 1}, {@code p.x = 4}. */
  private static final Pattern ASSIGNMENT = Pattern.compile(
      NAME + "(\\s*\\.\\s*" + NAME + "|\\[[^]]*])*\\s*([-+*/%&|^]|<<|>>>?)?=(?!=).*");

  /** {@code System.out}, {@code Math.PI}: a member, read on its own. */
  private static final Pattern MEMBER = Pattern.compile(NAME + "(\\." + NAME + ")+");

  static boolean looksLikeJava(String line) {
    String t = line.strip();
    if (t.isEmpty()) return false;
    if (t.endsWith(";") || t.endsWith("{") || t.endsWith("}")) return true;
    return CALL.matcher(t).matches() || DECLARATION.matcher(t).matches() || ASSIGNMENT.matcher(t).matches()
        || MEMBER.matcher(t).matches();
  }
}
