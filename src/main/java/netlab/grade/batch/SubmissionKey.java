package netlab.grade.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The folder name of a submission's work and report folders, made from the submission's own file
 * name and nothing else, so that shards, a resumed run and a merge all agree without seeing the
 * rest of the class. Student ids cannot be the key: {@code alice.zip} and
 * {@code submission-alice.zip} are both {@code alice}, and {@code li wei} and {@code li_wei}
 * were both {@code li_wei} once made file-safe, so one student's grade overwrote the other's.
 *
 * <p>A name that is already plain (lowercase, safe, short) is its own key, so the report reads
 * {@code students/alice.zip/}. Any other name becomes a plain prefix, {@code ~} and 64 bits of
 * its SHA-256: {@code ~} is never in a plain key, so a hashed key never equals one, and 64 bits
 * are too many for a student to find a second name with the same key. Keys are lowercase, so a
 * case-insensitive file system (macOS, Windows) cannot merge two of them either.
 */
public final class SubmissionKey {
  /** Lowercase-safe, and starting with a letter or digit: never ".", "..", hidden, or an option. */
  private static final Pattern PLAIN = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  /** Longer names are hashed: a key is a folder name and should stay readable in a listing. */
  static final int MAX_PLAIN = 64;
  /** 40 + "~" + 16 hex digits: a hashed key is at most 57 characters. */
  private static final int PREFIX = 40;
  private static final int HASH_HEX = 16;

  private SubmissionKey() {}

  /** The key of the submission file or folder named {@code name} (e.g. {@code alice.zip}). */
  public static String of(String name) {
    if (name.length() <= MAX_PLAIN && PLAIN.matcher(name).matches()) return name;
    String prefix = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_").replaceFirst("^[^a-z0-9]+", "");
    if (prefix.length() > PREFIX) prefix = prefix.substring(0, PREFIX);
    if (prefix.isEmpty()) prefix = "submission";
    return prefix + "~" + sha256(name).substring(0, HASH_HEX);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
