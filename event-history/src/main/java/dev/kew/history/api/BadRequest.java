package dev.kew.history.api;

/** A request the API cannot answer as asked; the message says what would work (HTTP 400). */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequest(String message) {
    super(message);
  }
}
