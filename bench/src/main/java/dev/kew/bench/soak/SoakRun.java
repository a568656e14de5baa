package dev.kew.bench.soak;

import dev.kew.bench.fixture.BenchKafka;
import dev.kew.local.cluster.ChurnGenerator;
import dev.kew.local.cluster.FaultSchedule;
import dev.kew.local.cluster.SeedData;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.local.cluster.store.StoreSettings;
import dev.kew.producer.ProducerSettings;
import dev.kew.producer.WatcherProducer;
import dev.kew.producer.audit.AuditReport;
import dev.kew.producer.audit.VerifyCommand;
import dev.kew.producer.cli.ProducerCommand;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The soak: a producer watching the simulated cluster's seed objects under steady churn, while
 * every watch is closed at a fixed period and the watch history is expired once, then {@code kew
 * verify}'s audit of the topic against the cluster, repeated until it is clean or {@link
 * Plan#settle} has passed since the churn stopped. A clean audit means no stale object, no lost
 * delete, no object never published and no duplicate.
 */
public final class SoakRun {

  /**
   * @param churnRate changes per second
   * @param duration how long the churn runs
   * @param closeWatchesEvery period of closing every watch
   * @param expireHistoryAfter when, after the start of the churn, the history is expired (once)
   * @param settle how long the audit may take to come out clean once the churn stopped
   */
  public record Plan(
      double churnRate,
      Duration duration,
      Duration closeWatchesEvery,
      Duration expireHistoryAfter,
      Duration settle) {}

  /**
   * @param changes the changes the churn made
   * @param failedChanges changes the churn attempted and the API server refused
   * @param published events the producer published
   * @param watchesClosed the times every watch was closed
   * @param settledSeconds from the end of the churn to the last audit
   * @param audit the last audit
   */
  public record Result(
      long changes,
      long failedChanges,
      long published,
      long watchesClosed,
      double settledSeconds,
      AuditReport audit) {

    public String line() {
      return String.format(
          Locale.ROOT,
          "%d changes (%d refused), %d events published, every watch closed %d times, history"
              + " expired once; audit %s %.1f s after the churn: %s",
          changes,
          failedChanges,
          published,
          watchesClosed,
          audit.clean() ? "clean" : "NOT clean",
          settledSeconds,
          audit.clean()
              ? "0 stale, 0 lost deletes, 0 never published, 0 duplicates"
              : audit.lines());
    }
  }

  private SoakRun() {}

  /** One soak against the broker at {@code bootstrapServers}, progress on {@code log}. */
  public static Result run(Plan plan, String bootstrapServers, PrintStream log) throws Exception {
    try (SimulatedCluster cluster =
        SimulatedCluster.start(0, StoreSettings.DEFAULTS, Duration.ofSeconds(10))) {
      SeedData.apply(cluster.client());
      ProducerSettings settings =
          ProducerCommand.parseSettings(
              "--bootstrap-servers",
              bootstrapServers,
              "--topic",
              BenchKafka.uniqueTopic("soak"),
              "--cluster-name",
              "soak",
              "--kafka-timeout",
              "60s");
      try (KubernetesClient producerClient = SimulatedCluster.clientFor(cluster.masterUrl(), null);
          WatcherProducer producer = WatcherProducer.start(settings, producerClient)) {
        producer.awaitSynced(Duration.ofMinutes(1));
        ChurnGenerator churn =
            new ChurnGenerator(cluster.client(), plan.churnRate(), System.nanoTime());
        long closes;
        // The faults' clock starts with the churn.
        try (FaultSchedule faults =
            new FaultSchedule(cluster, plan.closeWatchesEvery(), plan.expireHistoryAfter())) {
          churn.start(plan.duration());
          log.printf(
              Locale.ROOT,
              "[soak] %s of churn at %.0f changes/s; every watch closed every %s, history expired"
                  + " after %s%n",
              plan.duration(),
              plan.churnRate(),
              plan.closeWatchesEvery(),
              plan.expireHistoryAfter());
          churn.finished().get(plan.duration().toMillis() + 60_000, TimeUnit.MILLISECONDS);
          churn.stop();
          closes = faults.watchClosings();
        }
        long settleStart = System.nanoTime();
        long deadline = settleStart + plan.settle().toNanos();
        AuditReport audit = VerifyCommand.audit(settings, cluster.client());
        while (!audit.clean() && System.nanoTime() < deadline) {
          Thread.sleep(1000); // the producer is still catching up: audit again
          audit = VerifyCommand.audit(settings, cluster.client());
        }
        Result result =
            new Result(
                churn.changes(),
                churn.failures(),
                producer.published(),
                closes,
                (System.nanoTime() - settleStart) / 1e9,
                audit);
        log.println("[soak] " + result.line());
        return result;
      }
    }
  }
}
