package dev.kew.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kew.local.cluster.SimulatedCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the producer's integration tests share: one simulated API server per test class, a fresh
 * namespace name per test, and whatever a test started, closed after it (last first). Register as a
 * static field: {@code @RegisterExtension static final ProducerTestbed testbed = new
 * ProducerTestbed();}.
 */
final class ProducerTestbed implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private SimulatedCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = SimulatedCluster.start(0);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    toClose.clear();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    cluster.close();
  }

  SimulatedCluster cluster() {
    return cluster;
  }

  /** The client of the simulated cluster, shared by the class's tests. */
  KubernetesClient client() {
    return cluster.client();
  }

  /** A namespace name no other test uses. */
  static String uniqueNamespace(String prefix) {
    return prefix + "-" + NAMESPACES.incrementAndGet();
  }

  /** A reader of {@code topic} from its beginning, closed after the test. */
  TopicReader reader(String topic) {
    return closeAfterTest(new TopicReader(topic));
  }

  /** Creates an empty ConfigMap in the simulated cluster; returns its UID. */
  String createConfigMap(String namespace, String name) {
    return client()
        .configMaps()
        .inNamespace(namespace)
        .resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create()
        .getMetadata()
        .getUid();
  }

  /**
   * Starts the watcher of {@code args} against the simulated cluster, closed after the test, and
   * waits until its informers have listed and their listing is reconciled.
   */
  WatcherProducer started(ProducerArgs args, Duration syncTimeout) {
    WatcherProducer watcher = closeAfterTest(WatcherProducer.start(args.settings(), client()));
    try {
      assertThat(watcher.awaitSynced(syncTimeout)).as("informers synced").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return watcher;
  }

  /** Closes {@code closeable} after the test, before what was registered earlier. */
  <T extends AutoCloseable> T closeAfterTest(T closeable) {
    toClose.add(closeable);
    return closeable;
  }
}
