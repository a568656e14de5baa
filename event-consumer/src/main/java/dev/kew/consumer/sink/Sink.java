package dev.kew.consumer.sink;

import dev.kew.model.ChangeEvent;

/**
 * A destination for change events: one event in, a {@link Delivery} out. Implementations classify
 * failures and never retry, sleep or drop on their own; they are called from one thread.
 *
 * <p>A sink may throw an unchecked exception for a failure that should stop the consumer (e.g. its
 * output stream is broken); nothing that was not flushed is then committed.
 */
public interface Sink extends AutoCloseable {

  Delivery deliver(ChangeEvent event);

  /**
   * Makes every event reported {@link Delivery#DELIVERED} durable (flushes buffers); called before
   * offsets are committed.
   *
   * @throws java.io.UncheckedIOException when buffered events cannot be written
   */
  default void flush() {}

  @Override
  default void close() {}
}
