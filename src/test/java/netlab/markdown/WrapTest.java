package netlab.markdown;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.Test;

class WrapTest {
  static List<String> wrap(String s, int width) {
    return Wrap.wrap(new AttributedString(s), width).stream().map(AttributedString::toString).toList();
  }

  @Test
  void breaksAtSpacesAndDropsThem() {
    assertEquals(List.of("the quick", "brown fox"), wrap("the quick brown fox", 10));
  }

  @Test
  void cutsWordsLongerThanTheLine() {
    assertEquals(List.of("abcde", "fghij", "k"), wrap("abcdefghijk", 5));
  }

  @Test
  void honoursExplicitNewlines() {
    assertEquals(List.of("a", "", "b"), wrap("a\n\nb", 10));
  }

  @Test
  void wideCharactersTakeTwoColumns() {
    assertEquals(List.of("粘包粘", "包"), wrap("粘包粘包", 6));
    assertEquals(8, Wrap.columns("端口port"));
  }
}
