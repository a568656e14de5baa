package dev.kew.consumer.sink.file;

import dev.kew.consumer.output.JsonFormatter;
import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.Sink;
import dev.kew.model.ChangeEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Appends each event's envelope as one JSON line to a file (as {@code --output json} prints it).
 * When the next line would take the file past {@code maxBytes}, the file is rotated: {@code
 * events.jsonl} becomes {@code events.jsonl.1}, {@code .1} becomes {@code .2} and so on; only
 * {@code keep} rotated files are kept.
 */
public final class FileSink implements Sink {

  private final JsonFormatter json = new JsonFormatter();
  private final Path path;
  private final long maxBytes;
  private final int keep;
  private BufferedWriter writer;
  private long size;

  public FileSink(Path path, long maxBytes, int keep) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.keep = keep;
  }

  @Override
  public Delivery deliver(ChangeEvent event) {
    String line = json.format(event) + "\n";
    long bytes = line.getBytes(StandardCharsets.UTF_8).length;
    try {
      if (writer == null) {
        open();
      }
      if (size > 0 && size + bytes > maxBytes) {
        rotate();
      }
      writer.write(line);
      size += bytes;
      return Delivery.DELIVERED;
    } catch (IOException e) {
      closeQuietly();
      return Delivery.retryLater("cannot write " + path + ": " + e);
    }
  }

  @Override
  public void flush() {
    if (writer != null) {
      try {
        writer.flush();
      } catch (IOException e) {
        closeQuietly();
        throw new UncheckedIOException("Cannot write to " + path, e);
      }
    }
  }

  @Override
  public void close() {
    flush();
    closeQuietly();
  }

  private void open() throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    writer =
        Files.newBufferedWriter(
            path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    size = Files.size(path);
  }

  private void rotate() throws IOException {
    writer.close();
    writer = null;
    Files.deleteIfExists(rotated(keep));
    for (int i = keep - 1; i >= 1; i--) {
      if (Files.exists(rotated(i))) {
        Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (keep > 0) {
      Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.delete(path);
    }
    open();
  }

  private Path rotated(int index) {
    return path.resolveSibling(path.getFileName() + "." + index);
  }

  private void closeQuietly() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException ignored) {
        // the next delivery reopens the file and reports what fails then
      }
      writer = null;
    }
  }

  @Override
  public String toString() {
    return "FileSink[" + path + ", maxBytes=" + maxBytes + ", keep=" + keep + "]";
  }
}
