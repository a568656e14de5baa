package dev.kew.model;

/** Bytes that are not a valid {@link ChangeEvent} envelope; the message says why. */
public class MalformedEventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
