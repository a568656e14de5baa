package dev.kew.consumer.delivery;

import dev.kew.consumer.sink.Sink;
import dev.kew.consumer.sink.SinkPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The sinks' lanes, one thread each: fed together, started together, asked together, and closed
 * together (each flushes first, then every sink is closed).
 *
 * <p>The read loop stages the events of a poll's records here ({@link #stage}) and {@link #handOver
 * hands them over} once per poll: one lock and one wake-up per lane and batch rather than per
 * event, which on two cores cost more than the sinks' own work (docs/benchmarks.md, "Consumer
 * regression, profiled").
 */
final class Lanes implements AutoCloseable {

  /** How long closing waits for the lanes' threads before interrupting a delivery under way. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  /** Events staged for one lane are handed over at the latest at this many. */
  static final int MAX_STAGED = Lane.FLUSH_EVERY;

  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final Map<Lane, List<Lane.Item>> staged = new LinkedHashMap<>();
  private final ExecutorService threads;

  /**
   * Opens a lane (and its thread) per sink.
   *
   * @param report where the lanes report what they delivered or failed
   */
  Lanes(
      Map<String, Sink> sinks,
      Map<String, SinkPolicy> policies,
      Clock clock,
      DeliveryMetrics metrics,
      Consumer<Lane.Outcome> report) {
    AtomicInteger count = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "sink-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    sinks.forEach(
        (name, sink) -> {
          Lane lane =
              new Lane(
                  name,
                  sink,
                  policies.get(name),
                  () -> ThreadLocalRandom.current().nextDouble(),
                  clock,
                  metrics,
                  report);
          lanes.put(name, lane);
          metrics.credentialsRejected(name, lane::credentialsRejected);
          threads.execute(lane);
        });
  }

  /**
   * Queues {@code item} for the lane of sink {@code name}, to be handed over with the others of its
   * poll; a lane with {@value #MAX_STAGED} staged gets them at once.
   */
  void stage(String name, Lane.Item item) {
    Lane lane = lanes.get(name);
    List<Lane.Item> items = staged.computeIfAbsent(lane, l -> new ArrayList<>());
    items.add(item);
    if (items.size() >= MAX_STAGED) {
      handOver(lane, items);
    }
  }

  /** Hands what was staged to the lanes: one lock and one wake-up per lane. */
  void handOver() {
    staged.forEach(
        (lane, items) -> {
          if (!items.isEmpty()) {
            handOver(lane, items);
          }
        });
  }

  private static void handOver(Lane lane, List<Lane.Item> items) {
    lane.addAll(items);
    items.clear();
  }

  /** From now on digest windows are not waited out. */
  void drain() {
    handOver();
    lanes.values().forEach(Lane::drain);
  }

  /** Whether a lane may still deliver or report something before {@code deadline}. */
  boolean busyBefore(Instant deadline) {
    return lanes.values().stream().anyMatch(lane -> lane.busyBefore(deadline));
  }

  /** Drops queued events of {@code partitions} from every lane; returns how many. */
  int forget(Collection<TopicPartition> partitions) {
    handOver();
    int dropped = 0;
    for (Lane lane : lanes.values()) {
      dropped += lane.forget(partitions);
    }
    return dropped;
  }

  /** Deliveries queued across all sinks, staged ones included. */
  int queued() {
    return lanes.values().stream().mapToInt(Lane::size).sum()
        + staged.values().stream().mapToInt(List::size).sum();
  }

  /** Why lanes deliver nothing at the moment (refused credentials). */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    lanes.values().forEach(lane -> lane.problem().ifPresent(problems::add));
    return problems;
  }

  /** Stops the lanes' threads (each flushes first), then closes every sink. */
  @Override
  public void close() {
    lanes.values().forEach(Lane::close);
    threads.shutdown();
    try {
      if (!threads.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
    List<RuntimeException> failures = new ArrayList<>();
    for (Lane lane : lanes.values()) {
      try {
        lane.sink.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
