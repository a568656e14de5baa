package dev.kew.consumer.sink;

import java.util.Objects;

/**
 * A value that must never be logged: a webhook URL (it embeds a token), an HMAC key, a header
 * value. {@link #toString()} hides it; only {@link #reveal()} gives it out.
 */
public final class Secret {

  private final String value;

  public Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public String reveal() {
    return value;
  }

  /** Replaces every occurrence of this secret in {@code text} (e.g. an exception message). */
  public String redact(String text) {
    return text == null || value.isEmpty() ? text : text.replace(value, "<redacted>");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s && s.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}
