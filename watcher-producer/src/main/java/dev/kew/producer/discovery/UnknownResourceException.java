package dev.kew.producer.discovery;

import dev.kew.producer.StartupException;

/** One or more names given to {@code --resources} match nothing the API server serves. */
public class UnknownResourceException extends StartupException {
  private static final long serialVersionUID = 1L;

  public UnknownResourceException(String message) {
    super(message, true, null);
  }
}
