package dev.kew.history.cli;

import dev.kew.cli.Cli;
import dev.kew.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of {@code event-history.jar}: {@code kew history serve|show}. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    version = "kube-event-watcher history 0.1.0",
    description = {
      "The history of every object on the topic: 'serve' runs the history service (index, API,"
          + " UI); 'show KIND/NAMESPACE/NAME [--at TIME]' prints one object's changes, or its"
          + " state at a moment, from the service (--history-url) or by reading the topic."
    },
    subcommands = {ServeCommand.class, ShowCommand.class, CommandLine.HelpCommand.class})
public final class HistoryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(Cli.run(new HistoryCommand(), args));
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
