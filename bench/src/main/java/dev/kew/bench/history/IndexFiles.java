package dev.kew.bench.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a Lucene index's bytes go, by file kind: stored fields ({@code fdt}), doc values ({@code
 * dvd}), points ({@code kdd}, {@code kdi}), postings ({@code doc}, {@code tim}, {@code tip}, ...).
 */
record IndexFiles(Map<String, Long> bytesByExtension) {

  static IndexFiles of(Path dir) {
    Map<String, Long> bytes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(Files::isRegularFile)
          .forEach(p -> bytes.merge(extension(p), p.toFile().length(), Long::sum));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new IndexFiles(bytes);
  }

  long total() {
    return bytesByExtension.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    return bytesByExtension.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name.replaceAll("_\\d+$", "") : name.substring(dot + 1);
  }
}
