package dev.kew.cli;

/**
 * A setting that turned out unusable once the app tried it (a port in use, say): reported like any
 * invalid setting, naming the flag, with exit code {@link ExitCodes#USAGE}.
 */
public class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
