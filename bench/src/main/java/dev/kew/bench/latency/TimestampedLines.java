package dev.kew.bench.latency;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An output stream that notes {@link System#nanoTime()} when each line ends; wrap it in a {@link
 * PrintStream} and hand that to the app as its stdout. Lines are only stored while writing; they
 * are parsed after the run, so the measurement adds almost nothing to the output path.
 */
public final class TimestampedLines extends OutputStream {

  /** One line of output and when its line separator was written. */
  public record Line(long nanos, String text) {}

  private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);
  private final List<Line> lines = new ArrayList<>();

  /** A new, empty instance. */
  public static TimestampedLines create() {
    return new TimestampedLines();
  }

  public PrintStream printStream() {
    return new PrintStream(this, false, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      lines.add(new Line(System.nanoTime(), current.toString(StandardCharsets.UTF_8)));
      current.reset();
    } else {
      current.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        current.write(b, start, i - start);
        write('\n');
        start = i + 1;
      }
    }
    current.write(b, start, off + len - start);
  }

  /** The lines written so far. */
  public synchronized List<Line> lines() {
    return List.copyOf(lines);
  }
}
