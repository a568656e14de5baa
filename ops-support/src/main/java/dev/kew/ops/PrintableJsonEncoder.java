package dev.kew.ops;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * Logback's {@link JsonEncoder} with the message escaped by {@link PrintableText#escape}, as the
 * text format's {@link PrintableMessageConverter} does: the {@code formattedMessage} of a JSON line
 * reads the same as the text line's message, with no raw control character, line separator or
 * bidirectional override even after JSON decoding.
 */
public final class PrintableJsonEncoder extends JsonEncoder {

  @Override
  public byte[] encode(ILoggingEvent event) {
    return super.encode(withPrintableMessage(event));
  }

  private static ILoggingEvent withPrintableMessage(ILoggingEvent event) {
    return (ILoggingEvent)
        Proxy.newProxyInstance(
            ILoggingEvent.class.getClassLoader(),
            new Class<?>[] {ILoggingEvent.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getFormattedMessage")
                  && method.getParameterCount() == 0) {
                return PrintableText.escape(event.getFormattedMessage());
              }
              try {
                return method.invoke(event, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
