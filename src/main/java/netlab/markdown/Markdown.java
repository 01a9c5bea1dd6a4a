package netlab.markdown;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.front.matter.YamlFrontMatterExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Node;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/** The one CommonMark parser of the lab: GFM tables, YAML front matter and autolinks. */
public final class Markdown {
  private static final List<Extension> EXTENSIONS =
      List.of(TablesExtension.create(), YamlFrontMatterExtension.create(), AutolinkExtension.create());

  // Parser instances are immutable and thread-safe, so one is enough.
  private static final Parser PARSER =
      Parser.builder().extensions(EXTENSIONS).includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

  private Markdown() {}

  public static Node parse(String text) {
    return PARSER.parse(text);
  }
}
