package dev.kew.local.cli;

import dev.kew.cli.ExitCodes;
import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.local.cluster.ChurnGenerator;
import dev.kew.local.cluster.DeletionJournal;
import dev.kew.local.cluster.FaultSchedule;
import dev.kew.local.cluster.SeedData;
import dev.kew.local.cluster.SimulatedCluster;
import dev.kew.local.cluster.store.StoreSettings;
import dev.kew.local.launch.Lifecycle;
import dev.kew.local.launch.LocalStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kew cluster}: only the simulated cluster, seeded and churning, in the foreground. */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs a simulated Kubernetes API server on 127.0.0.1 with seed objects and a steady churn"
          + " of changes, until Ctrl-C. Watches replay from a resourceVersion (410 Gone past the"
          + " history window) and send bookmarks, over chunked HTTP (kubectl get -w) and"
          + " WebSocket.",
      "Writes a kubeconfig for it: kubectl get/get -w/create -f/patch/delete work; server-side"
          + " apply and typed 'kubectl create <kind>' (protobuf) do not.",
      "Faults on demand: curl -X POST http://127.0.0.1:PORT/kew/faults/close-watches,"
          + " .../expire-history, .../unavailable?seconds=N."
    })
public final class ClusterCommand implements Callable<Integer> {

  /**
   * Validated settings of {@code kew cluster}.
   *
   * @param store the history window and watch buffer
   * @param seedPods realistic Pods added besides the seed objects
   * @param closeWatchesEvery close every watch at this period; null for never
   * @param expireHistoryAfter expire the history once, this long after the start; null for never
   * @param churnLog where the churn records its deletions; null for nowhere
   */
  record ClusterSettings(
      int port,
      double churnRate,
      Duration churnDuration,
      Path kubeconfigOut,
      StoreSettings store,
      Duration bookmarkInterval,
      int seedPods,
      Duration closeWatchesEvery,
      Duration expireHistoryAfter,
      Path churnLog) {}

  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "${env:KEW_CLUSTER_PORT:-0}",
      description = "API server port on 127.0.0.1; 0 picks a free one (env KEW_CLUSTER_PORT).")
  String port;

  @Option(
      names = "--churn-rate",
      paramLabel = "N",
      defaultValue = "${env:KEW_CHURN_RATE:-2}",
      description =
          "Changes per second; 0 for none (env KEW_CHURN_RATE, default: ${DEFAULT-VALUE}).")
  String churnRate;

  @Option(
      names = "--churn-duration",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_CHURN_DURATION}",
      description =
          "Stop the churn after this long, e.g. 10m (env KEW_CHURN_DURATION, default: never).")
  String churnDuration;

  @Option(
      names = "--kubeconfig-out",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_KUBECONFIG_OUT}",
      description =
          "Where to write the kubeconfig (env KEW_KUBECONFIG_OUT, default: .kew/kubeconfig under"
              + " --home).")
  String kubeconfigOut;

  @Option(
      names = "--history-window",
      paramLabel = "N",
      defaultValue = "${env:KEW_CLUSTER_HISTORY_WINDOW:-10000}",
      description =
          "Changes kept per kind for watches and paginated lists; a watch from an older"
              + " resourceVersion gets 410 Gone (env KEW_CLUSTER_HISTORY_WINDOW, default:"
              + " ${DEFAULT-VALUE}).")
  String historyWindow;

  @Option(
      names = "--watch-buffer",
      paramLabel = "N",
      defaultValue = "${env:KEW_CLUSTER_WATCH_BUFFER:-10000}",
      description =
          "Events one watch may have waiting for a slow client before it is closed (env"
              + " KEW_CLUSTER_WATCH_BUFFER, default: ${DEFAULT-VALUE}).")
  String watchBuffer;

  @Option(
      names = "--bookmark-interval",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_CLUSTER_BOOKMARK_INTERVAL:-30s}",
      description =
          "How often watches that allow bookmarks get one (env KEW_CLUSTER_BOOKMARK_INTERVAL,"
              + " default: ${DEFAULT-VALUE}).")
  String bookmarkInterval;

  @Option(
      names = "--seed-pods",
      paramLabel = "N",
      defaultValue = "${env:KEW_CLUSTER_SEED_PODS:-0}",
      description =
          "Also create N realistic Pods (about 7 KB each, in namespaces fleet-00..19) for scale"
              + " trials (env KEW_CLUSTER_SEED_PODS, default: ${DEFAULT-VALUE}).")
  String seedPods;

  @Option(
      names = "--close-watches-every",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_CLUSTER_CLOSE_WATCHES_EVERY}",
      description =
          "Fault: close every watch at this period, e.g. 30s (env"
              + " KEW_CLUSTER_CLOSE_WATCHES_EVERY, default: never).")
  String closeWatchesEvery;

  @Option(
      names = "--expire-history-after",
      paramLabel = "DURATION",
      defaultValue = "${env:KEW_CLUSTER_EXPIRE_HISTORY_AFTER}",
      description =
          "Fault: expire the watch history once, this long after the start, so watches from"
              + " earlier resourceVersions get 410 Gone (env KEW_CLUSTER_EXPIRE_HISTORY_AFTER,"
              + " default: never).")
  String expireHistoryAfter;

  @Option(
      names = "--churn-log",
      paramLabel = "FILE",
      defaultValue = "${env:KEW_CHURN_LOG}",
      description =
          "Append every deletion the churn makes to FILE, one line each (DELETED kind ns/name"
              + " uid), for checkers (env KEW_CHURN_LOG, default: none).")
  String churnLog;

  @Mixin HomeOption home;

  ClusterSettings settings() {
    Validation v = new Validation();
    OptionValues values = new OptionValues(v);
    int validPort = values.port(port, "--port", "KEW_CLUSTER_PORT", true);
    double rate = LocalCommand.churnRate(values, churnRate);
    Duration duration =
        values
            .optionalDuration(churnDuration, "--churn-duration", "KEW_CHURN_DURATION")
            .orElse(null);
    int window =
        (int)
            values.wholeNumber(
                historyWindow, "--history-window", "KEW_CLUSTER_HISTORY_WINDOW", 1, 10_000_000);
    int buffer =
        (int)
            values.wholeNumber(
                watchBuffer, "--watch-buffer", "KEW_CLUSTER_WATCH_BUFFER", 1, 10_000_000);
    Duration bookmarks =
        values.positiveDuration(
            bookmarkInterval, "--bookmark-interval", "KEW_CLUSTER_BOOKMARK_INTERVAL");
    int pods =
        (int) values.wholeNumber(seedPods, "--seed-pods", "KEW_CLUSTER_SEED_PODS", 0, 1_000_000);
    Duration closeEvery =
        values
            .optionalDuration(
                closeWatchesEvery, "--close-watches-every", "KEW_CLUSTER_CLOSE_WATCHES_EVERY")
            .orElse(null);
    Duration expireAfter =
        values
            .optionalDuration(
                expireHistoryAfter, "--expire-history-after", "KEW_CLUSTER_EXPIRE_HISTORY_AFTER")
            .orElse(null);
    Path out =
        OptionValues.optional(kubeconfigOut)
            .map(Path::of)
            .orElseGet(() -> home.resolve(v).resolve(".kew/kubeconfig"));
    v.throwIfInvalid(spec.commandLine());
    return new ClusterSettings(
        validPort,
        rate,
        duration,
        out.toAbsolutePath(),
        new StoreSettings(window, buffer),
        bookmarks,
        pods,
        closeEvery,
        expireAfter,
        OptionValues.optional(churnLog).map(Path::of).orElse(null));
  }

  @Override
  public Integer call() {
    ClusterSettings settings = settings();
    PrintWriter err = spec.commandLine().getErr();
    Lifecycle lifecycle = new Lifecycle();
    SimulatedCluster cluster;
    try {
      cluster =
          SimulatedCluster.start(settings.port(), settings.store(), settings.bookmarkInterval());
    } catch (IllegalStateException e) {
      err.println(
          "Error: "
              + e.getMessage()
              + ". Choose another port with --port (env KEW_CLUSTER_PORT), or 0 for any.");
      err.flush();
      return lifecycle.finish(ExitCodes.FAILURE);
    }
    ChurnGenerator churn = null;
    FaultSchedule faults = null;
    try {
      int seeded = SeedData.apply(cluster.client());
      if (settings.seedPods() > 0) {
        long started = System.nanoTime();
        cluster.seedPods(settings.seedPods());
        err.printf(
            "Seeded %,d Pods in %.1f s.%n",
            settings.seedPods(), (System.nanoTime() - started) / 1e9);
      }
      cluster.writeKubeconfig(settings.kubeconfigOut(), SimulatedCluster.DEFAULT_CONTEXT);
      if (settings.churnRate() > 0) {
        churn = new ChurnGenerator(cluster.client(), settings.churnRate(), System.nanoTime());
        if (settings.churnLog() != null) {
          churn.journalDeletionsTo(DeletionJournal.appendingTo(settings.churnLog()));
        }
        churn.start(settings.churnDuration());
      }
      faults =
          new FaultSchedule(cluster, settings.closeWatchesEvery(), settings.expireHistoryAfter());
      err.printf(
          "Simulated cluster at %s with %d objects, %s changes/s%s.%n",
          cluster.masterUrl(),
          seeded + settings.seedPods(),
          LocalStack.human(settings.churnRate()),
          settings.churnDuration() == null ? "" : " for " + settings.churnDuration());
      err.printf("Use it:  export KUBECONFIG=%s%n", settings.kubeconfigOut());
      err.println("         kubectl get pods -A -w");
      err.printf(
          "Faults:  curl -X POST %skew/faults/close-watches   (or expire-history,"
              + " unavailable?seconds=N)%n",
          cluster.masterUrl());
      err.println("Stop with Ctrl-C.");
      err.flush();
      lifecycle.awaitStopRequest(null);
    } finally {
      if (faults != null) {
        faults.close();
      }
      if (churn != null) {
        churn.stop();
      }
      cluster.close();
    }
    return lifecycle.finish(ExitCodes.OK);
  }
}
