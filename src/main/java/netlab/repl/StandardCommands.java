package netlab.repl;

import java.util.List;
import netlab.repl.commands.CheckCommand;
import netlab.repl.commands.ClearCommand;
import netlab.repl.commands.DemoCommand;
import netlab.repl.commands.SayCommand;
import netlab.repl.commands.SubmitCommand;
import netlab.repl.commands.ExercisesCommand;
import netlab.repl.commands.HelpCommand;
import netlab.repl.commands.HintCommand;
import netlab.repl.commands.JShellCommand;
import netlab.repl.commands.LangCommand;
import netlab.repl.commands.RunCommand;
import netlab.repl.commands.ResetCommand;
import netlab.repl.commands.SolutionCommand;
import netlab.repl.commands.WatchCommand;
import netlab.repl.commands.LessonCommand;
import netlab.repl.commands.LessonsCommand;
import netlab.repl.commands.NextCommand;
import netlab.repl.commands.PrevCommand;
import netlab.repl.commands.ProgressCommand;
import netlab.repl.commands.QuitCommand;
import netlab.repl.commands.SearchCommand;

/** The one table of REPL commands, in the order help shows them. */
public final class StandardCommands {
  private StandardCommands() {}

  public static CommandTable create() {
    return new CommandTable(List.of(
        new HelpCommand(),
        new LessonsCommand(),
        new LessonCommand(),
        new NextCommand(),
        new PrevCommand(),
        new SearchCommand(),
        new ProgressCommand(),
        new RunCommand(),
        new JShellCommand(),
        new DemoCommand(),
        new SayCommand(),
        new ExercisesCommand(),
        new CheckCommand(),
        new HintCommand(),
        new WatchCommand(),
        new SolutionCommand(),
        new ResetCommand(),
        new SubmitCommand(),
        new LangCommand(),
        new ClearCommand(),
        new QuitCommand()));
  }
}
