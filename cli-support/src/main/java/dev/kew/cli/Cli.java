package dev.kew.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Runs a picocli command with the conventions every kube-event-watcher app shares. */
public final class Cli {

  private Cli() {}

  /**
   * Parses {@code args} into {@code command} and runs it.
   *
   * @return the exit code: the command's own, {@link ExitCodes#USAGE} for bad usage, {@link
   *     ExitCodes#FAILURE} for an unexpected exception
   */
  public static int run(Object command, String... args) {
    return commandLine(command).execute(args);
  }

  /** The configured {@link CommandLine}, for tests that want to capture its output. */
  public static CommandLine commandLine(Object command) {
    CommandLine cmd = new CommandLine(command);
    cmd.setCaseInsensitiveEnumValuesAllowed(true);
    cmd.setParameterExceptionHandler(USAGE_ERROR);
    cmd.setExecutionExceptionHandler(UNEXPECTED_ERROR);
    return cmd;
  }

  private static final IParameterExceptionHandler USAGE_ERROR =
      (ParameterException e, String[] args) -> {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("Error: " + e.getMessage());
        err.println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
      };

  private static final IExecutionExceptionHandler UNEXPECTED_ERROR =
      (Exception e, CommandLine cmd, CommandLine.ParseResult parsed) -> {
        if (e instanceof ParameterException pe) {
          return USAGE_ERROR.handleParseException(pe, parsed.originalArgs().toArray(String[]::new));
        }
        if (e instanceof UsageException usage) {
          return USAGE_ERROR.handleParseException(
              new ParameterException(cmd, usage.getMessage(), usage),
              parsed.originalArgs().toArray(String[]::new));
        }
        PrintWriter err = cmd.getErr();
        err.println("Error: " + describe(e));
        err.flush();
        return ExitCodes.FAILURE;
      };

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    return text.toString();
  }
}
