package dev.kew.ops;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %msg} with {@link PrintableText#escape}: a log line stays one line whatever a
 * logged value holds. Apps map {@code %msg} to it in their {@code logback.xml}; it backs up the
 * escaping their log calls do themselves.
 */
public final class PrintableMessageConverter extends MessageConverter {
  @Override
  public String convert(ILoggingEvent event) {
    return PrintableText.escape(super.convert(event));
  }
}
