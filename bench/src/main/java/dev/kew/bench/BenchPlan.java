package dev.kew.bench;

import dev.kew.bench.soak.SoakRun;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How long and how often each measurement runs.
 *
 * @param parts the measurements to run
 * @param runs end-to-end runs per pipeline and rate, memory runs per size, and restart runs
 *     (medians over them)
 * @param jmhForks JMH forks per benchmark (0 runs in this JVM: only for the smoke test)
 * @param jmhWarmups JMH warm-up iterations (one full pass each)
 * @param jmhIterations JMH measured iterations (one full pass each; the median is reported)
 * @param producerEvents events per pass of the producer stage benchmark
 * @param consumerEvents events in the topic the consumer benchmark reads
 * @param rates changes per second of the end-to-end runs
 * @param warmUpRun whether one unrecorded end-to-end run per pipeline warms the JVM first
 * @param warmUp writes left out at the start of each end-to-end run
 * @param measured how long each end-to-end run is measured
 * @param memoryObjects the Pod counts of the memory measurement
 * @param restartObjects the Pods in the cluster of each restart run
 * @param childJvms run each memory and restart run in a fresh JVM (1 GiB heap; serial GC for
 *     memory), and the history run with a 512 MiB heap
 * @param clusterPods the Pods seeded into the simulated cluster for its scale measurement
 * @param clusterWrites how long the cluster measurement's writers patch
 * @param soak the soak's churn, faults and settling time
 * @param historyEvents events in the topic of the history measurement
 * @param historyObjects objects those events are about
 * @param largePods the Pods of the largest-cluster measurement (issue 16)
 * @param largeBurstRate changes per second of its burst
 * @param largeBurst how long its burst lasts
 */
public record BenchPlan(
    Set<Part> parts,
    int runs,
    int jmhForks,
    int jmhWarmups,
    int jmhIterations,
    int producerEvents,
    int consumerEvents,
    List<Double> rates,
    boolean warmUpRun,
    Duration warmUp,
    Duration measured,
    List<Integer> memoryObjects,
    int restartObjects,
    boolean childJvms,
    int clusterPods,
    Duration clusterWrites,
    SoakRun.Plan soak,
    int historyEvents,
    int historyObjects,
    int largePods,
    int largeBurstRate,
    Duration largeBurst) {

  /** The measurements. */
  public enum Part {
    LATENCY,
    PRODUCER,
    CONSUMER,
    MEMORY,
    RESTART,
    CLUSTER,
    SOAK,
    HISTORY,
    LARGE
  }

  /** The soak of the full run: 5 minutes at 40 changes/s, watches closed every 30 s. */
  static final SoakRun.Plan FULL_SOAK =
      new SoakRun.Plan(
          40,
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofSeconds(150),
          Duration.ofMinutes(2));

  public BenchPlan {
    parts = Set.copyOf(parts);
    rates = List.copyOf(rates);
    memoryObjects = List.copyOf(memoryObjects);
    if (runs < 1) {
      throw new IllegalArgumentException("runs must be 1 or more");
    }
  }

  /** What {@code ./kew bench} runs: about 16 minutes on 2 cores. */
  public static BenchPlan full(Set<Part> parts, int runs) {
    return new BenchPlan(
        parts,
        runs,
        1,
        4,
        9,
        30_000,
        100_000,
        List.of(100.0, 300.0, 1_000.0),
        true,
        Duration.ofSeconds(5),
        Duration.ofSeconds(20),
        List.of(10_000, 20_000),
        10_000,
        true,
        100_000,
        Duration.ofSeconds(10),
        FULL_SOAK,
        1_000_000,
        10_000,
        150_000,
        10_000,
        Duration.ofSeconds(10));
  }

  /** {@code ./kew bench --quick}: about 6 minutes, fewer and shorter runs, rougher figures. */
  public static BenchPlan quick(Set<Part> parts, int runs) {
    return new BenchPlan(
        parts,
        runs,
        1,
        2,
        4,
        5_000,
        30_000,
        List.of(100.0, 300.0, 1_000.0),
        true,
        Duration.ofSeconds(3),
        Duration.ofSeconds(8),
        List.of(10_000, 20_000),
        10_000,
        true,
        20_000,
        Duration.ofSeconds(5),
        new SoakRun.Plan(
            40,
            Duration.ofSeconds(60),
            Duration.ofSeconds(15),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1)),
        200_000,
        10_000,
        20_000,
        10_000,
        Duration.ofSeconds(5));
  }

  /** Seconds, not minutes: proves each measurement produces numbers (the smoke test). */
  public static BenchPlan smoke() {
    return new BenchPlan(
        java.util.EnumSet.complementOf(java.util.EnumSet.of(Part.SOAK)), // SoakRunTest runs it
        1,
        0,
        0,
        1,
        200,
        300,
        List.of(50.0),
        false,
        Duration.ofMillis(500),
        Duration.ofSeconds(2),
        List.of(300),
        100,
        false,
        500,
        Duration.ofSeconds(1),
        FULL_SOAK,
        2_000,
        100,
        300,
        500,
        Duration.ofSeconds(1));
  }
}
