package dev.kew.bench.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.bench.fixture.SyntheticPods;
import dev.kew.cli.KafkaConnection;
import dev.kew.history.HistoryApp;
import dev.kew.history.cli.HistorySettings;
import dev.kew.history.index.IndexableEvent;
import dev.kew.history.index.IndexedEvent;
import dev.kew.history.ingest.Indexer;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.model.FieldManager;
import dev.kew.ops.LogFormat;
import dev.kew.ops.OpsSettings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The history service's goals (docs/history.md): a topic of realistic Pod events (about 1.9 KB of
 * JSON each, zstd-compressed as the producer writes), indexed from scratch by the service, then one
 * object's history and a namespace at a moment asked through its HTTP API; the same entries in
 * SQLite for comparison. Runs in a child JVM with {@code -Xmx512m}: the heap goal is the limit.
 */
public final class HistoryBenchmark {

  private static final int PARTITIONS = 6;
  private static final int NAMESPACES = 20;
  private static final Duration SPAN = Duration.ofDays(7);

  /** What one run measured. */
  public record Result(
      int events,
      int objects,
      double indexSeconds,
      long topicBytes,
      long indexBytes,
      double historyP99Millis,
      double namespaceP99Millis,
      double firstViewMillis,
      double heapMiB,
      double sqliteSeconds,
      long sqliteBytes,
      double sqliteHistoryP99Millis,
      double sqliteNamespaceP99Millis) {

    public double indexRate() {
      return events / indexSeconds;
    }

    public double sqliteRate() {
      return events / sqliteSeconds;
    }

    /** One line for {@code Bench} to read back from a child JVM. */
    public String line() {
      return String.format(
          Locale.ROOT,
          "RESULT %d %d %.3f %d %d %.3f %.3f %.3f %.1f %.3f %d %.3f %.3f",
          events,
          objects,
          indexSeconds,
          topicBytes,
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
    public static Result parse(String line) {
      String[] f = line.trim().split(" ");
      if (f.length != 14 || !f[0].equals("RESULT")) {
        throw new IllegalArgumentException("Not a result line: " + line);
      }
      return new Result(
          Integer.parseInt(f[1]),
          Integer.parseInt(f[2]),
          Double.parseDouble(f[3]),
          Long.parseLong(f[4]),
          Long.parseLong(f[5]),
          Double.parseDouble(f[6]),
          Double.parseDouble(f[7]),
          Double.parseDouble(f[8]),
          Double.parseDouble(f[9]),
          Double.parseDouble(f[10]),
          Long.parseLong(f[11]),
          Double.parseDouble(f[12]),
          Double.parseDouble(f[13]));
    }
  }

  private HistoryBenchmark() {}

  /** {@code HistoryBenchmark EVENTS OBJECTS BOOTSTRAP}: prints one {@link Result} line. */
  public static void main(String[] args) {
    int exitCode = 0;
    try {
      System.out.println(
          measure(Integer.parseInt(args[0]), Integer.parseInt(args[1]), args[2]).line());
    } catch (Exception e) {
      e.printStackTrace();
      exitCode = 1;
    }
    System.exit(exitCode);
  }

  /** Writes the topic, indexes it, asks it; the same in SQLite. */
  public static Result measure(int events, int objects, String bootstrap) throws Exception {
    String topic = "bench-history-" + Long.toHexString(System.nanoTime());
    Map<String, String> client = Map.of("bootstrap.servers", bootstrap);
    Instant start = Instant.now().minus(SPAN);
    try (Admin admin = Admin.create(Map.<String, Object>copyOf(client))) {
      admin
          .createTopics(Set.of(new NewTopic(topic, PARTITIONS, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      log("writing %,d events of %,d Pods", events, objects);
      write(topic, bootstrap, events, objects, start);
      long topicBytes = topicBytes(admin, topic);
      Path dir = Files.createTempDirectory("kew-bench-history");
      HistorySettings settings =
          new HistorySettings(
              new KafkaConnection(bootstrap, topic, client),
              dir.resolve("index"),
              "127.0.0.1",
              0,
              null,
              8,
              32L << 20,
              Duration.ofMinutes(1),
              new OpsSettings(-1, "127.0.0.1", LogFormat.TEXT));
      long t0 = System.nanoTime();
      try (HistoryApp app = HistoryApp.start(settings, Clock.systemUTC())) {
        app.caughtUp().get(30, TimeUnit.MINUTES);
        double indexSeconds = (System.nanoTime() - t0) / 1e9;
        log("indexed in %.1f s", indexSeconds);
        Api api = new Api(app.port());
        Random random = new Random(7);
        double history =
            api.p99(1000, () -> "/api/v1/history?limit=100&uid=" + uid(random.nextInt(objects)));
        double namespace =
            api.p99(
                100,
                () ->
                    "/api/v1/snapshot?limit=1000&namespace=shop-"
                        + random.nextInt(NAMESPACES)
                        + "&at="
                        + start.plus(SPAN.multipliedBy(random.nextInt(100)).dividedBy(100)));
        double firstView = api.p99(20, () -> "/api/v1/events?limit=1000");
        System.gc();
        double heap =
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        long indexBytes =
            Files.walk(dir.resolve("index"))
                .filter(Files::isRegularFile)
                .mapToLong(p -> p.toFile().length())
                .sum();
        double[] sqlite = sqlite(topic, client, dir.resolve("sqlite.db"), events, objects, start);
        return new Result(
            events,
            objects,
            indexSeconds,
            topicBytes,
            indexBytes,
            history,
            namespace,
            firstView,
            heap,
            sqlite[0],
            (long) sqlite[1],
            sqlite[2],
            sqlite[3]);
      }
    }
  }

  /** Bytes of the topic's log segments on the brokers' disks. */
  private static long topicBytes(Admin admin, String topic) throws Exception {
    List<Integer> brokers =
        admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
    long total = 0;
    for (var dirs : admin.describeLogDirs(brokers).allDescriptions().get().values()) {
      for (var dir : dirs.values()) {
        for (var replica : dir.replicaInfos().entrySet()) {
          if (replica.getKey().topic().equals(topic)) {
            total += replica.getValue().size();
          }
        }
      }
    }
    return total;
  }

  private static String uid(int object) {
    return new java.util.UUID(42, object).toString();
  }

  /** Pod i's versions: ADDED, then MODIFIED (image, phase) by kubectl-edit or kubelet. */
  private static void write(String topic, String bootstrap, int events, int objects, Instant start)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "key.serializer",
            StringSerializer.class.getName(),
            "value.serializer",
            ByteArraySerializer.class.getName(),
            "compression.type",
            "zstd",
            "linger.ms",
            "50",
            "batch.size",
            String.valueOf(256 << 10));
    List<ObjectNode> pods = new ArrayList<>();
    for (int i = 0; i < objects; i++) {
      pods.add(EventCodec.mapper().valueToTree(SyntheticPods.first(i, "1")));
    }
    long stepNanos = SPAN.toNanos() / events;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
      for (int k = 0; k < events; k++) {
        int i = k % objects;
        int version = k / objects;
        ObjectNode pod = pods.get(i);
        ((ObjectNode) pod.get("metadata")).put("resourceVersion", Integer.toString(k + 1));
        Instant at = start.plusNanos(stepNanos * k);
        ChangeEvent event;
        if (version == 0) {
          event = ChangeEvent.of(EventType.ADDED, "bench", at, pod);
        } else {
          String image = "registry.example.com/shop/web:1." + version;
          ObjectNode container = (ObjectNode) pod.at("/spec/containers/0");
          String old = container.path("image").asText();
          container.put("image", image);
          ArrayNode patch = EventCodec.mapper().createArrayNode();
          patch
              .addObject()
              .put("op", "replace")
              .put("path", "/spec/containers/0/image")
              .put("value", image)
              .put("fromValue", old);
          event =
              ChangeEvent.of(EventType.MODIFIED, "bench", at, pod)
                  .withPatch(patch)
                  .withChangedBy(
                      List.of(
                          new FieldManager(
                              version % 2 == 0 ? "kubectl-edit" : "helm", "Update", null, at)));
        }
        producer.send(new ProducerRecord<>(topic, event.uid(), EventCodec.toBytes(event)));
      }
    }
  }

  /** SQLite fed the same entries from the topic: seconds, bytes, history p99, namespace p99. */
  private static double[] sqlite(
      String topic, Map<String, String> client, Path file, int events, int objects, Instant start)
      throws Exception {
    log("the same entries into SQLite");
    long t0 = System.nanoTime();
    try (SqliteIndex sqlite = new SqliteIndex(file);
        KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(Indexer.consumerConfig(client))) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      int read = 0;
      while (read < events) {
        List<IndexedEvent> batch = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          batch.add(
              IndexableEvent.of(EventCodec.fromBytes(r.value()), r.partition(), r.offset())
                  .event());
        }
        sqlite.add(batch);
        read += batch.size();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Random random = new Random(7);
      double history = p99(1000, () -> sqlite.history(uid(random.nextInt(objects)), 100));
      double namespace =
          p99(
              100,
              () ->
                  sqlite.namespaceAt(
                      "shop-" + random.nextInt(NAMESPACES),
                      start
                          .plus(SPAN.multipliedBy(random.nextInt(100)).dividedBy(100))
                          .toEpochMilli()));
      return new double[] {seconds, sqlite.sizeOnDisk(), history, namespace};
    }
  }

  interface Query {
    Object run() throws Exception;
  }

  /** p99 in milliseconds of {@code count} runs, after {@code count / 10} unrecorded ones. */
  static double p99(int count, Query query) throws Exception {
    for (int i = 0; i < Math.max(1, count / 10); i++) {
      query.run();
    }
    double[] millis = new double[count];
    for (int i = 0; i < count; i++) {
      long t = System.nanoTime();
      query.run();
      millis[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(millis);
    return millis[(int) Math.ceil(count * 0.99) - 1];
  }

  /** The service's HTTP API, asked by the JDK's client. */
  private record Api(int port, HttpClient http) {
    Api(int port) {
      this(port, HttpClient.newHttpClient());
    }

    double p99(int count, java.util.function.Supplier<String> path) throws Exception {
      return HistoryBenchmark.p99(
          count,
          () -> {
            HttpResponse<byte[]> r =
                http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.get()))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
              throw new IllegalStateException(path + " answered " + r.statusCode());
            }
            return r.body().length;
          });
    }
  }

  private static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[history] " + format + "%n", args);
  }
}
