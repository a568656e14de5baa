package dev.kew.cli;

/** Process exit codes shared by every kube-event-watcher command. */
public final class ExitCodes {
  /** Finished as asked. */
  public static final int OK = 0;

  /**
   * A failure at run time, e.g. Kafka or the API server unreachable, an event that could not be
   * sent.
   */
  public static final int FAILURE = 1;

  /** Bad usage: an unknown flag, an invalid value, a missing file. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
