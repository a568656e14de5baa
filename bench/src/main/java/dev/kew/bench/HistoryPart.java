package dev.kew.bench;

import dev.kew.bench.history.HistoryBenchmark;
import dev.kew.bench.history.HistoryResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Measures the history index: indexing rate, query times, size and heap (row 8). */
final class HistoryPart implements BenchPart {

  private final BenchPlan plan;
  private final String bootstrapServers;
  private final PrintStream log;

  HistoryPart(BenchPlan plan, String bootstrapServers, PrintStream log) {
    this.plan = plan;
    this.bootstrapServers = bootstrapServers;
    this.log = log;
  }

  @Override
  public void measureInto(Report report) throws Exception {
    int events = plan.historyEvents();
    log.printf(
        Locale.ROOT, "[history] %,d events of %,d objects...%n", events, plan.historyObjects());
    HistoryResult r =
        plan.childJvms()
            ? HistoryResult.parse(
                ChildJvm.resultOf(
                    List.of("-Xmx512m"),
                    HistoryBenchmark.class,
                    Integer.toString(events),
                    Integer.toString(plan.historyObjects()),
                    bootstrapServers))
            : HistoryBenchmark.measure(events, plan.historyObjects(), bootstrapServers);
    double indexShare = 100.0 * r.indexBytes() / r.topicBytes();
    report.add(
        new Report.Row(
            String.format(Locale.ROOT, "8. History: index %,d events (from scratch)", events),
            ">= 50,000 events/s",
            String.format(Locale.ROOT, "**%,.0f events/s**", r.indexRate()),
            Report.verdict(r.indexRate() >= 50_000),
            r.indexRate()));
    report.add(
        new Report.Row(
            "8. History: one object's history (HTTP, 100 events), p99",
            "<= 50 ms",
            String.format(Locale.ROOT, "**%.1f ms**", r.historyP99Millis()),
            Report.verdict(r.historyP99Millis() <= 50),
            r.historyP99Millis()));
    report.add(
        new Report.Row(
            "8. History: a namespace at time T (HTTP), p99",
            "<= 500 ms",
            String.format(Locale.ROOT, "**%.1f ms**", r.namespaceP99Millis()),
            Report.verdict(r.namespaceP99Millis() <= 500),
            r.namespaceP99Millis()));
    report.add(
        new Report.Row(
            "8. History: index size / topic size (zstd, on disk)",
            "<= 10%",
            String.format(Locale.ROOT, "**%.1f%%**", indexShare),
            Report.verdict(indexShare <= 10),
            indexShare));
    report.add(
        new Report.Row(
            String.format(
                Locale.ROOT, "8. History: heap after GC at %,d events (-Xmx512m)", events),
            "<= 512 MiB",
            String.format(Locale.ROOT, "**%.0f MiB**", r.heapMiB()),
            Report.verdict(r.heapMiB() <= 512),
            r.heapMiB()));
    report.add(
        new Report.Row(
            "8. History: the 1,000 newest events (the live view's first page, HTTP), p99",
            "<= 1 s",
            String.format(Locale.ROOT, "**%.0f ms**", r.firstViewMillis()),
            Report.verdict(r.firstViewMillis() <= 1000),
            r.firstViewMillis()));
    report.detail(
        "history, %,d events of %,d Pods over 7 days: topic %,d bytes on disk (zstd; %,d bytes"
            + " of keys and values before compression), Lucene index %,d bytes (%.1f%% of the"
            + " topic on disk, %.2f%% of its uncompressed records) built in %.1f s with %.1f s of"
            + " CPU (%,.0f events per CPU-second); SQLite with the same entries: %,.0f events/s,"
            + " %,d bytes (%.0f%% of the topic), one object's history p99 %.1f ms, a namespace at T"
            + " p99 %.1f ms (queries in process, no HTTP)",
        events,
        r.objects(),
        r.topicBytes(),
        r.valueBytes(),
        r.indexBytes(),
        indexShare,
        100.0 * r.indexBytes() / r.valueBytes(),
        r.indexSeconds(),
        r.indexCpuSeconds(),
        r.indexCpuRate(),
        r.sqliteRate(),
        r.sqliteBytes(),
        100.0 * r.sqliteBytes() / r.topicBytes(),
        r.sqliteHistoryP99Millis(),
        r.sqliteNamespaceP99Millis());
  }
}
