package dev.kew.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kew.local.cluster.PodFleet;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.local.cluster.store.StoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated cluster at scale: seed N realistic Pods (about 7 KB each with managedFields), then,
 * at that size, a full list and a paginated list (500 per page) read over HTTP by the JDK's client,
 * and writes per second by concurrent clients each sending merge patches over HTTP; the heap the
 * store holds per Pod. The clients run in the cluster's JVM, so they share its two cores.
 */
public final class ClusterBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param seedSeconds to create every Pod
   * @param heapPerPod bytes of heap per Pod once seeded (after a full GC)
   * @param jsonPerPod bytes of a Pod's JSON, as a list serves it
   * @param fullListSeconds a full list of every Pod, read to its last byte
   * @param pagedListSeconds every page of a list with {@code limit=500}, each parsed
   * @param writesPerSecond merge patches answered per second by the writers together
   */
  public record Result(
      int pods,
      double seedSeconds,
      long heapPerPod,
      long jsonPerPod,
      double fullListSeconds,
      double pagedListSeconds,
      int pages,
      double writesPerSecond,
      long failedWrites) {

    public String line() {
      return String.format(
          Locale.ROOT,
          "RESULT %d %.3f %d %d %.3f %.3f %d %.1f %d",
          pods,
          seedSeconds,
          heapPerPod,
          jsonPerPod,
          fullListSeconds,
          pagedListSeconds,
          pages,
          writesPerSecond,
          failedWrites);
    }

    /** Reads {@link #line()}. */
    public static Result parse(String line) {
      String[] f = line.trim().split(" ");
      if (f.length != 10 || !f[0].equals("RESULT")) {
        throw new IllegalArgumentException("not a result line: " + line);
      }
      return new Result(
          Integer.parseInt(f[1]),
          Double.parseDouble(f[2]),
          Long.parseLong(f[3]),
          Long.parseLong(f[4]),
          Double.parseDouble(f[5]),
          Double.parseDouble(f[6]),
          Integer.parseInt(f[7]),
          Double.parseDouble(f[8]),
          Long.parseLong(f[9]));
    }
  }

  private ClusterBenchmark() {}

  /**
   * {@code PODS WRITE_SECONDS WRITERS}: progress on stderr, the {@link Result#line()} on stdout.
   */
  public static void main(String[] args) {
    int exitCode = 0;
    try {
      Result result =
          measure(
              Integer.parseInt(args[0]),
              Duration.ofSeconds(Long.parseLong(args[1])),
              Integer.parseInt(args[2]));
      System.out.println(result.line());
    } catch (Exception e) {
      e.printStackTrace();
      exitCode = 1;
    }
    System.exit(exitCode);
  }

  public static Result measure(int pods, Duration writeFor, int writers) throws Exception {
    long heapBefore = usedHeapAfterGc();
    try (SimulatedCluster cluster =
        SimulatedCluster.start(
            0, StoreSettings.DEFAULTS, SimulatedCluster.DEFAULT_BOOKMARK_INTERVAL)) {
      long seedStart = System.nanoTime();
      double seedCpu = cpuSeconds();
      cluster.seedPods(pods);
      double seedSeconds = seconds(seedStart);
      progress(
          "seeded %,d Pods in %.1f s (%.1f s of CPU)", pods, seedSeconds, cpuSeconds() - seedCpu);
      long heapPerPod = (usedHeapAfterGc() - heapBefore) / pods;

      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      String podsUrl = cluster.masterUrl() + "api/v1/pods";
      fullList(http, podsUrl); // warm-up: not measured
      long listStart = System.nanoTime();
      double listCpu = cpuSeconds();
      long bytes = fullList(http, podsUrl);
      double fullListSeconds = seconds(listStart);
      progress(
          "full list: %,d bytes in %.2f s (%.2f s of CPU, server and client)",
          bytes, fullListSeconds, cpuSeconds() - listCpu);

      long pagedStart = System.nanoTime();
      int pages = pagedList(http, podsUrl, pods);
      double pagedSeconds = seconds(pagedStart);
      progress("paginated list: %d pages of 500 in %.2f s", pages, pagedSeconds);

      AtomicLong written = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      long deadline = System.nanoTime() + writeFor.toNanos();
      List<Thread> threads = new ArrayList<>();
      long writeStart = System.nanoTime();
      double writeCpu = cpuSeconds();
      for (int w = 0; w < writers; w++) {
        Thread writer =
            new Thread(
                () -> patchUntil(http, cluster.masterUrl(), pods, deadline, written, failed),
                "cluster-bench-writer-" + w);
        threads.add(writer);
        writer.start();
      }
      for (Thread writer : threads) {
        writer.join();
      }
      double writesPerSecond = written.get() / seconds(writeStart);
      progress(
          "%d writers: %,d merge patches in %s (%.0f/s), %d failed; %.1f s of CPU (server and"
              + " clients)",
          writers, written.get(), writeFor, writesPerSecond, failed.get(), cpuSeconds() - writeCpu);
      return new Result(
          pods,
          seedSeconds,
          heapPerPod,
          bytes / pods,
          fullListSeconds,
          pagedSeconds,
          pages,
          writesPerSecond,
          failed.get());
    }
  }

  private static long fullList(HttpClient http, String url)
      throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("list answered " + response.statusCode());
    }
    long bytes = 0;
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = response.body()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytes += n;
      }
    }
    return bytes;
  }

  private static int pagedList(HttpClient http, String url, int expected)
      throws IOException, InterruptedException {
    int pages = 0;
    int items = 0;
    String token = null;
    do {
      String page =
          url
              + "?limit=500"
              + (token == null
                  ? ""
                  : "&continue=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
      HttpResponse<byte[]> response =
          http.send(
              HttpRequest.newBuilder(URI.create(page)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("page " + pages + " answered " + response.statusCode());
      }
      JsonNode list = JSON.readTree(response.body());
      items += list.path("items").size();
      token = list.path("metadata").path("continue").asText("");
      token = token.isEmpty() ? null : token;
      pages++;
    } while (token != null);
    if (items < expected) {
      throw new IllegalStateException("the paginated list had " + items + " Pods, not " + expected);
    }
    return pages;
  }

  private static void patchUntil(
      HttpClient http,
      String masterUrl,
      int pods,
      long deadline,
      AtomicLong written,
      AtomicLong failed) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (System.nanoTime() < deadline) {
      int i = random.nextInt(pods);
      String url =
          masterUrl
              + "api/v1/namespaces/"
              + PodFleet.namespaceOf(i)
              + "/pods/"
              + PodFleet.nameOf(i)
              + "?fieldManager=cluster-bench";
      String patch =
          "{\"metadata\":{\"labels\":{\"bench-round\":\"" + random.nextInt(1_000_000) + "\"}}}";
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(patch))
                    .header("Content-Type", "application/merge-patch+json")
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        (response.statusCode() == 200 ? written : failed).incrementAndGet();
      } catch (IOException e) {
        failed.incrementAndGet();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  /**
   * CPU time this JVM used so far, every thread: with other work sharing the cores, a phase's CPU
   * time says what it costs better than its wall time.
   */
  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[cluster]   " + format + "%n", args);
  }
}
