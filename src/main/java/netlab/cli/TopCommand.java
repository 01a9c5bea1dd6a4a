package netlab.cli;

import java.util.concurrent.Callable;
import netlab.core.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

// the --help texts of every command (descriptions, options, the exit codes) are in the message
// bundles, under cli.help. and picocli's keys (HelpTexts), so that they follow --lang
@Command(
    name = "netlab",
    // inherited: every subcommand answers --help (and --version) too
    scope = picocli.CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = TopCommand.VersionProvider.class,
    subcommands = {
        LessonSubcommand.class,
        LessonsSubcommand.class,
        RenderSubcommand.class,
        ExercisesSubcommand.class,
        CheckSubcommand.class,
        VerifySubcommand.class,
        RunSubcommand.class,
        DemoSubcommand.class,
        GradeSubcommand.class,
        SubmitSubcommand.class,
        ReleaseSubcommand.class,
        MergeSubcommand.class,
        SimilaritySubcommand.class,
        AutogradeSubcommand.class})
final class TopCommand implements Callable<Integer> {
  private final Cli cli;

  @Option(names = "--verbose", scope = picocli.CommandLine.ScopeType.INHERIT)
  boolean verbose;

  // read by Cli before picocli runs (the REPL starts without picocli); declared so that picocli
  // accepts it anywhere on the line and lists it in --help
  @Option(names = "--lang", paramLabel = "zh|en", scope = picocli.CommandLine.ScopeType.INHERIT)
  String lang;

  TopCommand(Cli cli) {
    this.cli = cli;
  }

  Cli cli() {
    return cli;
  }

  @Override
  public Integer call() {
    return cli.runRepl(verbose);
  }

  /** The lab's version and Java, and the Java its JShell engine runs (which NETLAB_JAVA may change). */
  static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
    private final java.util.Map<String, String> env;

    VersionProvider() {
      this(System.getenv());
    }

    VersionProvider(java.util.Map<String, String> env) {
      this.env = env;
    }

    @Override
    public String[] getVersion() {
      netlab.core.Jdk.Choice engine = netlab.core.Jdk.forSnippets(env);
      String jshell = netlab.core.Msg.get("version.engine", engine.jdk().describe())
          + (engine.jdk().isLab() ? "" : env.containsKey("NETLAB_JAVA_PICKED")
              ? netlab.core.Msg.get("version.engine.picked") : netlab.core.Msg.get("version.engine.from", netlab.core.Jdk.ENGINE_VARIABLE));
      if (engine.problem() != null) jshell += " (" + engine.problem() + ")";
      return new String[] {"netlab " + Version.get() + " (Java " + Runtime.version() + ")", jshell};
    }
  }
}
