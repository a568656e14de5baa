package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The churn's deletions, one line each, flushed as they are made, for checkers that must know every
 * object the churn deleted (its DELETED event must be on the topic): {@code DELETED <kind>
 * <namespace>/<name> <uid>}. Names and UIDs are Kubernetes names (no spaces or controls).
 */
public final class DeletionJournal implements AutoCloseable {

  private final BufferedWriter out;

  private DeletionJournal(BufferedWriter out) {
    this.out = out;
  }

  /** Appends to {@code file}, creating it and its directory. */
  public static DeletionJournal appendingTo(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new DeletionJournal(
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the churn log " + file, e);
    }
  }

  /** Records that {@code object} was deleted. */
  public synchronized void deleted(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    try {
      out.write(
          "DELETED "
              + object.getKind()
              + " "
              + (namespace == null ? "" : namespace)
              + "/"
              + object.getMetadata().getName()
              + " "
              + object.getMetadata().getUid()
              + "\n");
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the churn log", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the churn log", e);
    }
  }
}
