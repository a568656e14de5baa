package dev.kew.local.cli;

import dev.kew.cli.ExitCodes;
import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.local.cluster.ChurnGenerator;
import dev.kew.local.cluster.SeedData;
import dev.kew.local.cluster.SimulatedCluster;
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
      "Runs a simulated Kubernetes API server (fabric8 CRUD mock) on 127.0.0.1 with seed objects"
          + " and a steady churn of changes, until Ctrl-C.",
      "Writes a kubeconfig for it: kubectl get/create -f/patch --type merge/delete work; watches,"
          + " strategic-merge patch and typed 'kubectl create <kind>' (protobuf) do not."
    })
public final class ClusterCommand implements Callable<Integer> {

  /** Validated settings of {@code kew cluster}. */
  record ClusterSettings(int port, double churnRate, Duration churnDuration, Path kubeconfigOut) {}

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
    Path out =
        OptionValues.optional(kubeconfigOut)
            .map(Path::of)
            .orElseGet(() -> home.resolve(v).resolve(".kew/kubeconfig"));
    v.throwIfInvalid(spec.commandLine());
    return new ClusterSettings(validPort, rate, duration, out.toAbsolutePath());
  }

  @Override
  public Integer call() {
    ClusterSettings settings = settings();
    PrintWriter err = spec.commandLine().getErr();
    Lifecycle lifecycle = new Lifecycle();
    SimulatedCluster cluster;
    try {
      cluster = SimulatedCluster.start(settings.port());
    } catch (IllegalStateException e) {
      err.println(
          "Error: "
              + e.getMessage()
              + ". Choose another port with --port (env KEW_CLUSTER_PORT), or 0 for any.");
      err.flush();
      return lifecycle.finish(ExitCodes.FAILURE);
    }
    ChurnGenerator churn = null;
    try {
      int seeded = SeedData.apply(cluster.client());
      cluster.writeKubeconfig(settings.kubeconfigOut(), SimulatedCluster.DEFAULT_CONTEXT);
      if (settings.churnRate() > 0) {
        churn =
            new ChurnGenerator(cluster.client(), settings.churnRate(), System.nanoTime())
                .start(settings.churnDuration());
      }
      err.printf(
          "Simulated cluster at %s with %d objects, %s changes/s%s.%n",
          cluster.masterUrl(),
          seeded,
          LocalStack.human(settings.churnRate()),
          settings.churnDuration() == null ? "" : " for " + settings.churnDuration());
      err.printf("Use it:  export KUBECONFIG=%s%n", settings.kubeconfigOut());
      err.println("         kubectl get pods -A");
      err.println("Stop with Ctrl-C.");
      err.flush();
      lifecycle.awaitStopRequest(null);
    } finally {
      if (churn != null) {
        churn.stop();
      }
      cluster.close();
    }
    return lifecycle.finish(ExitCodes.OK);
  }
}
