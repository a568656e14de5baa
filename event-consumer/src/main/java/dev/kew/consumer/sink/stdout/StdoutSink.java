package dev.kew.consumer.sink.stdout;

import dev.kew.consumer.output.EventFormatter;
import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.Sink;
import dev.kew.model.ChangeEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/** Prints each event as one line with a formatter (pretty, sentence, json). */
public final class StdoutSink implements Sink {

  private final PrintStream out;
  private final EventFormatter formatter;

  public StdoutSink(PrintStream out, EventFormatter formatter) {
    this.out = out;
    this.formatter = formatter;
  }

  @Override
  public Delivery deliver(ChangeEvent event) {
    out.println(formatter.format(event));
    return Delivery.DELIVERED;
  }

  /**
   * Flushes and checks the stream.
   *
   * @throws UncheckedIOException when anything printed since the stream was opened failed
   */
  @Override
  public void flush() {
    if (out.checkError()) { // flushes, then reports any failure since the stream was opened
      throw new UncheckedIOException(
          new IOException("Cannot write to the output; the last batch was not committed"));
    }
  }
}
