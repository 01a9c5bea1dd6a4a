package netlab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import netlab.core.ExitCode;
import netlab.core.NetlabException;
import netlab.markdown.TerminalRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "render")
final class RenderSubcommand implements Callable<Integer> {
  @ParentCommand
  TopCommand top;

  @Parameters(paramLabel = "FILE", descriptionKey = "file")
  String file;

  @Option(names = {"-w", "--width"}, paramLabel = "COLUMNS")
  Integer width;

  @Override
  public Integer call() throws NetlabException {
    Cli cli = top.cli();
    String text;
    try {
      text = file.equals("-")
          ? new String(cli.streams().in().readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw NetlabException.usage(netlab.core.Msg.get("cli.render.noFile", file));
    } catch (java.nio.charset.MalformedInputException e) {
      throw NetlabException.usage(netlab.core.Msg.get("cli.render.notUtf8", file));
    } catch (IOException e) {
      throw new NetlabException(ExitCode.USAGE, netlab.core.Msg.get("cli.render.cannotRead", file, e.getMessage()));
    }
    var printer = cli.printer();
    int w = width != null ? Math.max(20, width) : printer.width();
    printer.lines(TerminalRenderer.render(text, w));
    return 0;
  }
}
