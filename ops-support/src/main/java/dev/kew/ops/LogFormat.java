package dev.kew.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** How an app writes its log lines: readable text (the default) or JSON lines for log pipelines. */
public enum LogFormat {
  TEXT,
  JSON;

  /**
   * Switches every appender of the root logger to this format. Text leaves the app's logback.xml as
   * configured; JSON gives them logback's {@link JsonEncoder}, one JSON object per line, its
   * message escaped as the text format's ({@link PrintableJsonEncoder}).
   */
  public void apply() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      applyTo(context);
    }
  }

  /** As {@link #apply()}, for the appenders of {@code context}'s root logger. */
  public void applyTo(LoggerContext context) {
    if (this == TEXT) {
      return;
    }
    Iterator<Appender<ILoggingEvent>> appenders =
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
    while (appenders.hasNext()) {
      if (appenders.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
        appender.setEncoder(jsonEncoder(context));
      }
    }
  }

  private static JsonEncoder jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new PrintableJsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
