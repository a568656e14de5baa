package dev.kew.local.cli;

import dev.kew.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kew}: the local stack's top command. */
@Command(
    name = "kew",
    mixinStandardHelpOptions = true,
    version = "kube-event-watcher local stack 0.1.0",
    description = "Runs kube-event-watcher on this machine: Kafka, a simulated cluster, or both.",
    subcommands = {
      LocalCommand.class,
      KafkaCommand.class,
      ClusterCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KewCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
