package dev.kew.history.api;

/** What was asked for is not in the index or no longer in the topic (HTTP 404). */
final class NotFound extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotFound(String message) {
    super(message);
  }
}
