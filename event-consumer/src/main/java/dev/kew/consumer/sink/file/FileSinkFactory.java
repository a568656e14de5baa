package dev.kew.consumer.sink.file;

import dev.kew.consumer.sink.ConfigValues;
import dev.kew.consumer.sink.SinkFactory;
import dev.kew.consumer.sink.SinkOptions;
import dev.kew.consumer.sink.SinkSpec;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code type: file}: {@code path} (required), {@code maxSize} (default 100MB), {@code keep}
 * rotated files (default 5).
 */
public final class FileSinkFactory implements SinkFactory {

  public static final String DEFAULT_MAX_SIZE = "100MB";
  public static final int DEFAULT_KEEP = 5;

  record Settings(String path, String maxSize, Integer keep) {}

  @Override
  public String type() {
    return "file";
  }

  @Override
  public Configured configure(SinkSpec spec) {
    Settings s = spec.bind(Settings.class);
    if (s.path() == null || s.path().isBlank()) {
      throw spec.problem("path", "is required");
    }
    Path path;
    try {
      path = Path.of(s.path());
    } catch (InvalidPathException e) {
      throw spec.problem("path", "is not a valid path: " + e.getMessage());
    }
    writable(path)
        .ifPresent(
            problem -> {
              throw spec.problem("path", problem);
            });
    long maxBytes;
    try {
      maxBytes = ConfigValues.parseSize(s.maxSize() == null ? DEFAULT_MAX_SIZE : s.maxSize());
    } catch (IllegalArgumentException e) {
      throw spec.problem("maxSize", e.getMessage());
    }
    if (maxBytes < 1024) {
      throw spec.problem("maxSize", "must be at least 1KB");
    }
    int keep = s.keep() == null ? DEFAULT_KEEP : s.keep();
    if (keep < 0 || keep > 1000) {
      throw spec.problem("keep", "must be 0 to 1000");
    }
    return new Configured(spec.policy(false), context -> new FileSink(path, maxBytes, keep));
  }

  /**
   * Why the sink could not write {@code path}: it must be a writable regular file, or not exist in
   * a directory the consumer can create it in (the nearest existing ancestor, for directories the
   * sink creates).
   */
  static Optional<String> writable(Path path) {
    Path absolute = path.toAbsolutePath();
    if (Files.exists(absolute)) {
      return Files.isRegularFile(absolute) && Files.isWritable(absolute)
          ? Optional.empty()
          : Optional.of("is not a writable regular file: " + absolute);
    }
    Path dir = absolute.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
      return Optional.of("cannot be created: " + dir + " is not a writable directory");
    }
    return Optional.empty();
  }

  @Override
  public List<SinkOptions> options() {
    return List.of(new FileOptions());
  }
}
