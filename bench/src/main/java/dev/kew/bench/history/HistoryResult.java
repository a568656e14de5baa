package dev.kew.bench.history;

import java.util.Locale;

/**
 * What one history run measured, and its one-line form for a parent JVM to read back from the
 * child's stdout.
 *
 * @param events events in the topic
 * @param objects distinct Pods
 * @param indexSeconds catch-up of the service from an empty index
 * @param indexCpuSeconds CPU time the service's JVM spent meanwhile (all its threads: decoding,
 *     Lucene, merges, GC), which the other builds on the machine do not stretch as they do the wall
 *     time
 * @param topicBytes the topic's log segments on disk (zstd-compressed batches)
 * @param valueBytes the records' keys and values as written, before compression
 * @param indexBytes the Lucene index on disk once caught up
 * @param historyP99Millis one object's history (100 events) over HTTP
 * @param namespaceP99Millis a namespace at a moment over HTTP
 * @param firstViewMillis the 1,000 newest events over HTTP
 * @param heapMiB heap used after a GC, caught up
 * @param sqliteSeconds SQLite fed the same entries
 * @param sqliteBytes SQLite's file
 * @param sqliteHistoryP99Millis one object's history in SQLite, in process
 * @param sqliteNamespaceP99Millis a namespace at a moment in SQLite, in process
 */
public record HistoryResult(
    int events,
    int objects,
    double indexSeconds,
    double indexCpuSeconds,
    long topicBytes,
    long valueBytes,
    long indexBytes,
    double historyP99Millis,
    double namespaceP99Millis,
    double firstViewMillis,
    double heapMiB,
    double sqliteSeconds,
    long sqliteBytes,
    double sqliteHistoryP99Millis,
    double sqliteNamespaceP99Millis) {

  private static final String PREFIX = "RESULT";

  public double indexRate() {
    return events / indexSeconds;
  }

  /** Events indexed per CPU-second of the service's JVM. */
  public double indexCpuRate() {
    return events / indexCpuSeconds;
  }

  public double sqliteRate() {
    return events / sqliteSeconds;
  }

  /** One line for {@code Bench} to read back from a child JVM. */
  public String line() {
    return String.format(
        Locale.ROOT,
        PREFIX + " %d %d %.3f %.3f %d %d %d %.3f %.3f %.3f %.1f %.3f %d %.3f %.3f",
        events,
        objects,
        indexSeconds,
        indexCpuSeconds,
        topicBytes,
        valueBytes,
        indexBytes,
        historyP99Millis,
        namespaceP99Millis,
        firstViewMillis,
        heapMiB,
        sqliteSeconds,
        sqliteBytes,
        sqliteHistoryP99Millis,
        sqliteNamespaceP99Millis);
  }

  /** Reads {@link #line()}. */
  public static HistoryResult parse(String line) {
    String[] f = line.trim().split(" ");
    if (f.length != 16 || !f[0].equals(PREFIX)) {
      throw new IllegalArgumentException("Not a result line: " + line);
    }
    return new HistoryResult(
        Integer.parseInt(f[1]),
        Integer.parseInt(f[2]),
        Double.parseDouble(f[3]),
        Double.parseDouble(f[4]),
        Long.parseLong(f[5]),
        Long.parseLong(f[6]),
        Long.parseLong(f[7]),
        Double.parseDouble(f[8]),
        Double.parseDouble(f[9]),
        Double.parseDouble(f[10]),
        Double.parseDouble(f[11]),
        Double.parseDouble(f[12]),
        Long.parseLong(f[13]),
        Double.parseDouble(f[14]),
        Double.parseDouble(f[15]));
  }
}
