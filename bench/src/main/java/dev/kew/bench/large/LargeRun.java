package dev.kew.bench.large;

import dev.kew.bench.fixture.BenchKafka;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.model.EventCodec;
import dev.kew.producer.ProducerSettings;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.cli.ProducerCommand;
import dev.kew.producer.redact.RedactionRules;
import dev.kew.producer.redact.Redactor;
import dev.kew.producer.watch.ObjectSanitizer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * The producer at the largest cluster size, in a JVM of its own against a simulated cluster already
 * holding {@code pods} Pods (over HTTP: the informer lists with pagination and watches): the first
 * start until every Pod was published as ADDED (with the default {@code --max-in-flight}: when
 * Kafka falls behind the informers stop and list again, as in production), the heap the running
 * producer keeps after GC against the Pods' sanitized JSON, a restart until caught up (and how many
 * events it published), and a burst of changes ({@link BurstRun}). Run by {@code LargePart}, or by
 * hand:
 *
 * <pre>
 * java -Xmx6g -XX:+UseSerialGC -cp .kew/bench.jar dev.kew.bench.large.LargeRun \
 *     MASTER_URL BOOTSTRAP PODS BURST_RATE BURST_SECONDS
 * </pre>
 */
public final class LargeRun {

  /** What one run found; {@link #line()} and {@link #parse(String)} carry it across JVMs. */
  public record Result(
      int pods,
      double firstStartSeconds,
      long heapBytes,
      long sanitizedJsonBytes,
      long fullJsonBytes,
      double restartSeconds,
      long restartPublished,
      long burstChanges,
      double burstP50Millis,
      double burstP99Millis,
      double burstMaxMillis,
      double burstBehindMillis,
      long burstDropped) {

    public double heapToJson() {
      return (double) heapBytes / sanitizedJsonBytes;
    }

    public String line() {
      return String.format(
          Locale.ROOT,
          "RESULT %d %.3f %d %d %d %.3f %d %d %.3f %.3f %.3f %.3f %d",
          pods,
          firstStartSeconds,
          heapBytes,
          sanitizedJsonBytes,
          fullJsonBytes,
          restartSeconds,
          restartPublished,
          burstChanges,
          burstP50Millis,
          burstP99Millis,
          burstMaxMillis,
          burstBehindMillis,
          burstDropped);
    }

    public static Result parse(String line) {
      String[] f = line.trim().split(" ");
      if (f.length != 14 || !f[0].equals("RESULT")) {
        throw new IllegalArgumentException("Not a result line: " + line);
      }
      return new Result(
          Integer.parseInt(f[1]),
          Double.parseDouble(f[2]),
          Long.parseLong(f[3]),
          Long.parseLong(f[4]),
          Long.parseLong(f[5]),
          Double.parseDouble(f[6]),
          Long.parseLong(f[7]),
          Long.parseLong(f[8]),
          Double.parseDouble(f[9]),
          Double.parseDouble(f[10]),
          Double.parseDouble(f[11]),
          Double.parseDouble(f[12]),
          Long.parseLong(f[13]));
    }
  }

  private static final int BURST_PODS = 10_000;

  private LargeRun() {}

  /** {@code MASTER_URL BOOTSTRAP PODS BURST_RATE BURST_SECONDS}; the result line on stdout. */
  public static void main(String[] args) {
    int exitCode = 0;
    try {
      Result r =
          measure(
              args[0],
              args[1],
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Duration.ofSeconds(Long.parseLong(args[4])));
      System.out.println(r.line());
    } catch (Exception e) {
      e.printStackTrace();
      exitCode = 1;
    }
    System.exit(exitCode); // Kafka's and fabric8's threads would keep the JVM alive
  }

  public static Result measure(
      String masterUrl, String bootstrapServers, int pods, int burstRate, Duration burstLength)
      throws Exception {
    System.setProperty(BenchKafka.BOOTSTRAP_PROPERTY, bootstrapServers);
    KubernetesClient client = SimulatedCluster.clientFor(masterUrl, null);
    ProducerSettings settings =
        ProducerCommand.parseSettings(
            "--bootstrap-servers",
            bootstrapServers,
            "--topic",
            BenchKafka.uniqueTopic("bench-large"),
            "--resources",
            "pods",
            "--cluster-name",
            "bench",
            "--kafka-timeout",
            "120s");
    long heapBefore = usedHeapAfterGc();

    long start = System.nanoTime();
    double firstStart;
    long heap;
    try (WatcherProducer first = WatcherProducer.start(settings, client)) {
      first.awaitSynced(Duration.ofMinutes(10));
      awaitCount(first::published, pods, Duration.ofMinutes(10));
      firstStart = seconds(start);
      progress("first start: %,d ADDED published in %.1f s", first.published(), firstStart);
      heap = usedHeapAfterGc() - heapBefore;
      progress("producer heap after GC: %,d MB; its largest classes:%n%s", heap >> 20, histogram());
    }
    long[] json = jsonBytes(client);
    progress(
        "sanitized JSON %,d MB (%,d bytes per Pod); with managedFields %,d bytes per Pod",
        json[0] >> 20, json[0] / pods, json[1] / pods);

    start = System.nanoTime();
    double restart;
    long published;
    try (WatcherProducer second = WatcherProducer.start(settings, client)) {
      second.awaitSynced(Duration.ofMinutes(10));
      awaitCount(
          () -> second.unchangedOnListing() + second.published(), pods, Duration.ofMinutes(10));
      restart = seconds(start);
      published = second.published();
      progress("restart: caught up after %.1f s, %d events published", restart, published);
    }

    List<GenericKubernetesResource> burstPods =
        client
            .genericKubernetesResources("v1", "Pod")
            .inAnyNamespace()
            .list(new ListOptionsBuilder().withLimit((long) Math.min(pods, BURST_PODS)).build())
            .getItems();
    BurstRun.Result burst = BurstRun.measure(burstPods, burstRate, burstLength);
    progress(
        "burst: %,d changes at %,d/s over %,d Pods: p50 %.1f ms, p99 %.1f ms, max %.1f ms,"
            + " driver behind %.1f ms at the end, %d dropped",
        burst.changes(),
        burstRate,
        burstPods.size(),
        burst.p50Millis(),
        burst.p99Millis(),
        burst.maxMillis(),
        burst.behindMillis(),
        burst.dropped());
    client.close();
    return new Result(
        pods,
        firstStart,
        heap,
        json[0],
        json[1],
        restart,
        published,
        burst.changes(),
        burst.p50Millis(),
        burst.p99Millis(),
        burst.maxMillis(),
        burst.behindMillis(),
        burst.dropped());
  }

  /** Bytes of the Pods' JSON: sanitized as published, and whole (managedFields included). */
  private static long[] jsonBytes(KubernetesClient client) throws Exception {
    ObjectSanitizer sanitizer = new ObjectSanitizer(new Redactor(RedactionRules.DEFAULTS));
    long sanitized = 0;
    long whole = 0;
    String next = null;
    do {
      GenericKubernetesResourceList page =
          client
              .genericKubernetesResources("v1", "Pod")
              .inAnyNamespace()
              .list(new ListOptionsBuilder().withLimit(500L).withContinue(next).build());
      for (GenericKubernetesResource pod : page.getItems()) {
        sanitized += EventCodec.mapper().writeValueAsBytes(sanitizer.sanitize(pod)).length;
        whole += EventCodec.mapper().writeValueAsBytes(pod).length;
      }
      next = page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return new long[] {sanitized, whole};
  }

  private static void awaitCount(
      java.util.function.LongSupplier count, long target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count.getAsLong() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Only " + count.getAsLong() + " of " + target + " after " + timeout);
      }
      LockSupport.parkNanos(10_000_000);
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The first lines of the heap's class histogram (where the bytes are), as jcmd prints it. */
  private static String histogram() {
    try {
      Object text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                  "gcClassHistogram",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
      return String.join("\n", text.toString().lines().limit(18).toList());
    } catch (Exception e) {
      return "(no histogram: " + e + ")";
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[large]   " + format + "%n", args);
  }
}
