package netlab.grade.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import netlab.testing.LabRun;
import netlab.testing.ToyLab;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html opened in headless Chromium, offline: the page renders (a screenshot with the
 * charts' colours in it) and its DOM holds the inline SVG charts and the tables.
 */
class ReportInBrowserTest {
  @TempDir
  Path dir;

  static String chromium() {
    for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(c))) return c;
    }
    return null;
  }

  static List<String> flags(Path profile) {
    return List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile);
  }

  @Test
  void theReportRendersOfflineInChromium() throws Exception {
    String chrome = chromium();
    Assumptions.assumeTrue(chrome != null, "Chromium is needed (.ci/run installs it)");
    Path lab = ToyLab.create(dir.resolve("lab"));
    Path good = Files.createDirectories(dir.resolve("subs/good/01-adder"));
    Files.copy(lab.resolve("solutions/01-adder/Adder.java"), good.resolve("Adder.java"));
    Path bad = Files.createDirectories(dir.resolve("subs/bad/01-adder"));
    Files.copy(lab.resolve("exercises/01-adder/Adder.java"), bad.resolve("Adder.java"));
    LabRun r = LabRun.run(lab, "", "grade", dir.resolve("subs").toString(), "--out", dir.resolve("report").toString(), "--timeout", "2");
    assertEquals(0, r.exitCode, r.toString());
    String url = dir.resolve("report/report.html").toUri().toString();

    Path png = dir.resolve("shot.png");
    List<String> shot = new java.util.ArrayList<>(List.of(chrome));
    shot.addAll(flags(dir.resolve("p1")));
    shot.addAll(List.of("--window-size=1200,1400", "--screenshot=" + png, url));
    run(shot);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(1200, img.getWidth());
    boolean green = false;
    boolean red = false;
    for (int y = 0; y < img.getHeight(); y += 2) {
      for (int x = 0; x < img.getWidth(); x += 2) {
        int rgb = img.getRGB(x, y) & 0xFFFFFF;
        if (rgb == 0x2da44e) green = true; // the full-marks bar
        if (rgb == 0xcf222e) red = true; // the zero bar
      }
    }
    assertTrue(green && red, "the score chart is drawn (green and red bars in the screenshot)");

    List<String> dump = new java.util.ArrayList<>(List.of(chrome));
    dump.addAll(flags(dir.resolve("p2")));
    dump.addAll(List.of("--dump-dom", url));
    String dom = run(dump);
    assertTrue(dom.contains("<svg") && dom.contains("<rect"), "inline SVG charts in the DOM");
    assertTrue(dom.contains("id=\"gradebook\"") && dom.contains("good") && dom.contains("bad"), dom);
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
    return out;
  }
}
