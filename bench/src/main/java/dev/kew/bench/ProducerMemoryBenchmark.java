package dev.kew.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.bench.fixture.SyntheticPods;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.producer.diff.ChangeTracker;
import dev.kew.producer.diff.InMemoryLastPublished;
import dev.kew.producer.redact.RedactionRules;
import dev.kew.producer.redact.Redactor;
import dev.kew.producer.watch.ChangeEventHandler;
import dev.kew.producer.watch.ObjectSanitizer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Heap per watched object and events per second of the producer's content path (sanitize, redact,
 * diff, serialize), without Kafka or an API server. Run by {@code ./kew bench} in a JVM of its own
 * per run, or by hand; see docs/benchmarks.md.
 *
 * <p>Usage: {@code ProducerMemoryBenchmark [objects]} (default 10000).
 */
public final class ProducerMemoryBenchmark {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private ProducerMemoryBenchmark() {}

  /** What {@link #measure(int)} found. */
  public record Result(
      int objects,
      long jsonBytesPerObject,
      long heapBytesPerObject,
      long storedBytesPerObject,
      long treeBytesPerObject,
      double addedPerSecond,
      double modifiedPerSecond,
      long patchBytesPerEvent) {

    /** Heap kept per watched object over the size of its sanitized JSON. */
    public double heapToJson() {
      return (double) heapBytesPerObject / jsonBytesPerObject;
    }

    /** One line for {@code BenchCommand} to read back from a child JVM. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "RESULT %d %d %d %d %d %.0f %.0f %d",
          objects,
          jsonBytesPerObject,
          heapBytesPerObject,
          storedBytesPerObject,
          treeBytesPerObject,
          addedPerSecond,
          modifiedPerSecond,
          patchBytesPerEvent);
    }

    /** Reads {@link #line()}. */
    public static Result parse(String line) {
      String[] f = line.trim().split(" ");
      if (f.length != 9 || !f[0].equals("RESULT")) {
        throw new IllegalArgumentException("Not a result line: " + line);
      }
      return new Result(
          Integer.parseInt(f[1]),
          Long.parseLong(f[2]),
          Long.parseLong(f[3]),
          Long.parseLong(f[4]),
          Long.parseLong(f[5]),
          Double.parseDouble(f[6]),
          Double.parseDouble(f[7]),
          Long.parseLong(f[8]));
    }
  }

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Result r = measure(count);
    System.out.printf(
        Locale.ROOT,
        "objects: %d, sanitized JSON: %d bytes per object on average%n"
            + "store (Smile byte[] per UID): %d bytes per object measured on the heap"
            + " (%d bytes of arrays, %.2f x the JSON)%n"
            + "for comparison, Jackson trees: %d bytes per object on the heap%n"
            + "ADDED (sanitize+redact+store+serialize): %.0f events/s%n"
            + "MODIFIED (sanitize+redact+diff+store+serialize): %.0f events/s,"
            + " patch %d bytes on average%n"
            + "(heap %d MiB max, %s, %s)%n"
            + "%s%n",
        r.objects(),
        r.jsonBytesPerObject(),
        r.heapBytesPerObject(),
        r.storedBytesPerObject(),
        r.heapToJson(),
        r.treeBytesPerObject(),
        r.addedPerSecond(),
        r.modifiedPerSecond(),
        r.patchBytesPerEvent(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        r.line());
  }

  /**
   * Feeds {@code count} Pods through the handler as ADDED, then each once as MODIFIED, and measures
   * the heap the store keeps (after forced GCs: run it in a JVM of its own, with a serial GC).
   */
  public static Result measure(int count) {
    List<GenericKubernetesResource> pods = new ArrayList<>(count);
    List<GenericKubernetesResource> updated = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pods.add(SyntheticPods.first(i, "1"));
      updated.add(SyntheticPods.second(i, "2"));
    }
    warmUp();

    AtomicLong eventBytes = new AtomicLong();
    InMemoryLastPublished store = new InMemoryLastPublished();
    ChangeEventHandler handler = handler(store, e -> eventBytes.addAndGet(encoded(e)));
    long before = usedHeapAfterGc();
    long start = System.nanoTime();
    pods.forEach(handler::onAdd);
    long addNanos = System.nanoTime() - start;
    long after = usedHeapAfterGc();
    ObjectSanitizer sanitizer = new ObjectSanitizer(new Redactor(RedactionRules.DEFAULTS));
    long jsonBytes = pods.stream().mapToLong(p -> json(sanitizer.sanitize(p)).length).sum();

    AtomicLong patchBytes = new AtomicLong();
    ChangeEventHandler updating =
        handler(
            store,
            e -> {
              eventBytes.addAndGet(encoded(e));
              patchBytes.addAndGet(e.patch() == null ? 0 : e.patch().toString().length());
            });
    start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      updating.onUpdate(pods.get(i), updated.get(i));
    }
    long updateNanos = System.nanoTime() - start;

    List<JsonNode> trees = new ArrayList<>(count);
    long beforeTrees = usedHeapAfterGc();
    pods.forEach(p -> trees.add(sanitizer.sanitize(p)));
    long afterTrees = usedHeapAfterGc();

    if (trees.size() != count || store.size() != count || eventBytes.get() == 0) {
      throw new IllegalStateException("the benchmark lost objects");
    }
    return new Result(
        count,
        jsonBytes / count,
        (after - before) / count,
        store.storedBytes() / count,
        (afterTrees - beforeTrees) / count,
        count / (addNanos / 1e9),
        count / (updateNanos / 1e9),
        patchBytes.get() / count);
  }

  private static ChangeEventHandler handler(
      InMemoryLastPublished store, Consumer<ChangeEvent> sink) {
    return new ChangeEventHandler(
        "bench", new Redactor(RedactionRules.DEFAULTS), new ChangeTracker(store, List.of()), sink);
  }

  private static void warmUp() {
    InMemoryLastPublished store = new InMemoryLastPublished();
    ChangeEventHandler handler = handler(store, ProducerMemoryBenchmark::encoded);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 2_000; i++) {
        handler.onAdd(SyntheticPods.generic(i, "1", "web:1", "Pending"));
        handler.onUpdate(
            SyntheticPods.generic(i, "1", "web:1", "Pending"),
            SyntheticPods.generic(i, "2", "web:2", "Running"));
      }
    }
  }

  private static int encoded(ChangeEvent event) {
    return EventCodec.toBytes(event).length;
  }

  private static byte[] json(JsonNode tree) {
    try {
      return EventCodec.mapper().writeValueAsBytes(tree);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }
}
