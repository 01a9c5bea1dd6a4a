package netlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import netlab.core.Lang;
import netlab.core.Msg;
import netlab.testing.LabRun;
import netlab.testing.SampleLab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * {@code --help} follows the language: every command's description and every option's come from
 * the bundles ({@link HelpTexts}), none is missing in either language, and every text there is shown.
 */
class HelpTextsTest {
  @TempDir
  Path dir;

  @AfterEach
  void english() {
    Msg.use(Lang.EN);
  }

  @Test
  void gradeHelpInChinese() throws Exception {
    Path lab = SampleLab.create(dir);
    LabRun r = LabRun.run(lab, "", "--lang", "zh", "grade", "--help");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.startsWith("Usage: netlab grade "), r.out);
    assertTrue(r.out.contains("给全班的提交评分。\nDIR 里每个学生一个 zip"), r.out);
    assertTrue(r.out.contains("students/ID/{results.json,junit.xml,feedback.md,grade.json}"), r.out);
    assertTrue(r.out.contains("报告文件夹（会新建）"), r.out);
    assertTrue(r.out.contains("显示本帮助信息并退出。"), r.out);
    assertTrue(r.out.contains("退出码：\n  0  成功"), r.out);
    assertFalse(r.out.contains("report folder (created)"), r.out);
    LabRun top = LabRun.run(lab, "", "--lang", "zh", "--help");
    assertTrue(top.out.contains("命令：\n"), top.out);
    assertTrue(top.out.contains("verify      证明练习本身可靠。"), top.out);
  }

  @Test
  void gradeHelpInEnglishIsAsItWas() throws Exception {
    Path lab = SampleLab.create(dir);
    LabRun r = LabRun.run(lab, "", "--lang", "en", "grade", "--help");
    assertEquals(0, r.exitCode, r.toString());
    assertTrue(r.out.startsWith("Usage: netlab grade [-hV]"), r.out);
    assertTrue(r.out.contains("\nwhen it is installed, N at a time. Writes gradebook.csv, report.html and\n"
        + "students/ID/{results.json,junit.xml,feedback.md,grade.json} to REPORT.\nRun it again to resume.\n"), r.out);
    assertTrue(r.out.contains("      --out=REPORT          report folder (created)\n"), r.out);
    assertTrue(r.out.contains("\n\nExit codes:\n  0  ok\n"), r.out);
  }

  @Test
  void everyCommandAndOptionIsDescribedInBothLanguagesAndEveryTextIsShown() {
    for (Lang lang : Lang.values()) {
      Msg.use(lang);
      HelpTexts texts = new HelpTexts(lang);
      Set<String> asked = new TreeSet<>();
      ResourceBundle recording = new ResourceBundle() {
        @Override
        protected Object handleGetObject(String key) {
          Object v = texts.handleGetObject(key);
          if (v != null) asked.add(key);
          return v;
        }

        @Override
        public Enumeration<String> getKeys() {
          return texts.getKeys();
        }
      };
      Main.Streams streams = new Main.Streams(java.io.InputStream.nullInputStream(), System.out, System.err, java.util.Map.of(),
          false, false);
      CommandLine top = TopCommand.commandLine(new TopCommand(new Cli(streams)));
      top.setResourceBundle(recording);
      List<CommandLine> all = new ArrayList<>();
      all.add(top);
      all.addAll(top.getSubcommands().values());
      List<String> undescribed = new ArrayList<>();
      for (CommandLine c : all) {
        String name = c.getCommandSpec().qualifiedName(" ");
        if (String.join("", c.getCommandSpec().usageMessage().description()).isBlank()) undescribed.add(name);
        for (ArgSpec a : c.getCommandSpec().args()) {
          if (String.join("", a.description()).isBlank()) undescribed.add(name + " " + a.paramLabel());
        }
        c.getUsageMessage(CommandLine.Help.Ansi.OFF);
      }
      assertEquals(List.of(), undescribed, lang + ": no text in the bundles (cli.help.…)");
      Set<String> unused = new TreeSet<>(Collections.list(texts.getKeys()));
      unused.removeAll(asked);
      assertEquals(Set.of(), unused, lang + ": texts no --help shows (a renamed option?)");
    }
  }
}
