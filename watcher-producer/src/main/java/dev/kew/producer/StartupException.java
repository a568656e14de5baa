package dev.kew.producer;

/**
 * The watcher cannot start; the message is one sentence for the user. {@link #badUsage()} tells the
 * CLI whether the user's settings are at fault (exit code 2) or the environment is (exit code 1).
 */
public class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean badUsage;

  public StartupException(String message, boolean badUsage, Throwable cause) {
    super(message, cause);
    this.badUsage = badUsage;
  }

  /** True when the settings are wrong (for example an unknown resource), not the environment. */
  public boolean badUsage() {
    return badUsage;
  }
}
