package netlab.markdown;

import org.jline.utils.AttributedStyle;

/** Styles used by the terminal renderer. Plain output simply drops them. */
public final class Theme {
  private Theme() {}

  public static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
  public static final AttributedStyle H1 = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
  public static final AttributedStyle H2 = AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
  public static final AttributedStyle H3 = AttributedStyle.BOLD;
  public static final AttributedStyle RULE = AttributedStyle.DEFAULT.faint();
  public static final AttributedStyle CODE_INLINE = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
  public static final AttributedStyle CODE_FRAME = AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT + AttributedStyle.BLACK);
  public static final AttributedStyle CODE_LABEL = AttributedStyle.DEFAULT.foreground(AttributedStyle.MAGENTA);
  public static final AttributedStyle QUOTE_BAR = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  public static final AttributedStyle LINK = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE).underline();
  public static final AttributedStyle URL = AttributedStyle.DEFAULT.faint();
  public static final AttributedStyle HTML = AttributedStyle.DEFAULT.faint();
  public static final AttributedStyle BULLET = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
  public static final AttributedStyle TABLE_BORDER = AttributedStyle.DEFAULT.faint();
  public static final AttributedStyle TABLE_HEADER = AttributedStyle.BOLD;
  public static final AttributedStyle MATCH = AttributedStyle.DEFAULT.inverse().bold();
  public static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();
  public static final AttributedStyle OK = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
  public static final AttributedStyle BAD = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
  public static final AttributedStyle WARN = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
  public static final AttributedStyle PROMPT = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
}
