package netlab.cli;

import java.util.List;
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
    versionProvider = TopCommand.VersionProvider.class)
final class TopCommand implements Callable<Integer> {
  /** The subcommands, in the order --help lists them. */
  static final List<Class<?>> SUBCOMMANDS = List.of(
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
      AutogradeSubcommand.class);

  /** picocli's model of this command with the subcommands {@code args} needs ({@link #subcommandsFor}). */
  static picocli.CommandLine commandLine(TopCommand top, String... args) {
    picocli.CommandLine cl = new picocli.CommandLine(top);
    for (Class<?> sub : subcommandsFor(args)) cl.addSubcommand(sub);
    return cl;
  }

  /**
   * The subcommands picocli must know to run {@code args}: the one named, when only --verbose and
   * --lang come before it; all of them otherwise (--help lists them, a typo gets suggestions).
   * Building a command's model is reflection over its class, and building all fourteen was about
   * a fifth of a cold {@code ./netlab check}'s CPU before its compile (async-profiler).
   */
  static List<Class<?>> subcommandsFor(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--lang")) {
        i++;
        continue;
      }
      if (a.equals("--verbose") || a.startsWith("--lang=")) continue;
      if (a.startsWith("-")) return SUBCOMMANDS;
      for (Class<?> c : SUBCOMMANDS) {
        if (c.getAnnotation(Command.class).name().equals(a)) return List.of(c);
      }
      return SUBCOMMANDS;
    }
    return SUBCOMMANDS;
  }

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
