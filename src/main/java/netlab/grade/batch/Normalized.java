package netlab.grade.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A fingerprint of source code for spotting identical submissions: comments and all whitespace
 * removed, then SHA-256. Renaming a variable changes it; reformatting or re-commenting does not.
 * A hint for a person to look at, never a verdict.
 */
final class Normalized {
  private Normalized() {}

  static String hash(List<Path> sources) throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path p : sources.stream().sorted().toList()) {
      all.append(p.getFileName()).append('\n').append(strip(Files.readString(p, StandardCharsets.UTF_8)));
    }
    return SubmissionReader.sha256(all.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  /** Removes comments (not inside string literals) and whitespace. */
  static String strip(String src) {
    StringBuilder out = new StringBuilder(src.length());
    int i = 0;
    int n = src.length();
    while (i < n) {
      char c = src.charAt(i);
      if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
        while (i < n && src.charAt(i) != '\n') i++;
      } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
        int end = src.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && src.charAt(j) != c) j += src.charAt(j) == '\\' ? 2 : 1;
        out.append(src, i, Math.min(n, j + 1));
        i = j + 1;
      } else {
        if (!Character.isWhitespace(c)) out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
