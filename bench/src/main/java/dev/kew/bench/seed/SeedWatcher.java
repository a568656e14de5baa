package dev.kew.bench.seed;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The seed app's approach, for contrast: one plain watch per kind printing one sentence per
 * notification ({@code A pod in namespace shop has been modified: web-1}), no Kafka, no history,
 * nothing kept across restarts. The bench adds {@code rv=N} to each line to match it with the write
 * that caused it. Not for use outside the benchmarks: it never re-establishes a watch that closes.
 */
public final class SeedWatcher implements AutoCloseable {

  private final List<Watch> watches;

  private SeedWatcher(List<Watch> watches) {
    this.watches = watches;
  }

  /** Watches Pods, ConfigMaps and Deployments in all namespaces, printing to {@code out}. */
  public static SeedWatcher start(KubernetesClient client, PrintStream out) {
    return new SeedWatcher(
        List.of(
            client.pods().inAnyNamespace().watch(new Printer<>(out)),
            client.configMaps().inAnyNamespace().watch(new Printer<>(out)),
            client.apps().deployments().inAnyNamespace().watch(new Printer<>(out))));
  }

  /** {@code A pod in namespace bench has been added: worker-5 rv=123}. */
  static String sentence(Watcher.Action action, HasMetadata object) {
    String kind = object.getKind().toLowerCase(Locale.ROOT);
    String article = "aeiou".indexOf(kind.charAt(0)) >= 0 ? "An" : "A";
    return article
        + ' '
        + kind
        + " in namespace "
        + object.getMetadata().getNamespace()
        + " has been "
        + action.name().toLowerCase(Locale.ROOT)
        + ": "
        + object.getMetadata().getName()
        + " rv="
        + object.getMetadata().getResourceVersion();
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
  }

  private static final class Printer<T extends HasMetadata> implements Watcher<T> {
    private final PrintStream out;

    Printer(PrintStream out) {
      this.out = out;
    }

    @Override
    public void eventReceived(Action action, T resource) {
      if (action == Action.ADDED || action == Action.MODIFIED || action == Action.DELETED) {
        out.println(sentence(action, resource));
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      // The seed app would have died here; the benchmark counts the lines that never came.
    }
  }
}
