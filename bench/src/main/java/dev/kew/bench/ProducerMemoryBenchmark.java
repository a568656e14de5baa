package dev.kew.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.producer.diff.ChangeTracker;
import dev.kew.producer.diff.InMemoryLastPublished;
import dev.kew.producer.redact.RedactionRules;
import dev.kew.producer.redact.Redactor;
import dev.kew.producer.watch.ChangeEventHandler;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Heap per watched object and events per second of the producer's content path (sanitize, redact,
 * diff, serialize), without Kafka or an API server. Not a test: run it by hand, see
 * docs/benchmarks.md.
 *
 * <p>Usage: {@code ProducerMemoryBenchmark [objects]} (default 10000).
 */
public final class ProducerMemoryBenchmark {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private ProducerMemoryBenchmark() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    List<GenericKubernetesResource> pods = new ArrayList<>(count);
    List<GenericKubernetesResource> updated = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      pods.add(asGeneric(pod(i, "1", "registry.example.com/shop/web:1.4." + (i % 7), "Pending")));
      updated.add(asGeneric(pod(i, "2", "registry.example.com/shop/web:1.5.0", "Running")));
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
    long jsonBytes = pods.stream().mapToLong(p -> json(handler.sanitize(p)).length).sum();

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
    pods.forEach(p -> trees.add(handler.sanitize(p)));
    long afterTrees = usedHeapAfterGc();

    System.out.printf(
        Locale.ROOT,
        "objects: %d, sanitized JSON: %d bytes per object on average%n"
            + "store (Smile byte[] per UID): %d bytes per object measured on the heap"
            + " (%d bytes of arrays, %.2f x the JSON)%n"
            + "for comparison, Jackson trees: %d bytes per object on the heap%n"
            + "ADDED (sanitize+redact+store+serialize): %.0f events/s%n"
            + "MODIFIED (sanitize+redact+diff+store+serialize): %.0f events/s,"
            + " patch %d bytes on average%n"
            + "(heap %d MiB max, %s, %s)%n",
        count,
        jsonBytes / count,
        (after - before) / count,
        store.storedBytes() / count,
        (double) (after - before) / jsonBytes,
        (afterTrees - beforeTrees) / count,
        count / (addNanos / 1e9),
        count / (updateNanos / 1e9),
        patchBytes.get() / count,
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    if (trees.size() != count || store.size() != count || eventBytes.get() == 0) {
      throw new IllegalStateException("the benchmark lost objects");
    }
  }

  private static ChangeEventHandler handler(
      InMemoryLastPublished store, Consumer<ChangeEvent> sink) {
    return new ChangeEventHandler(
        SERIALIZATION,
        "bench",
        new Redactor(RedactionRules.DEFAULTS),
        new ChangeTracker(store, List.of()),
        sink);
  }

  private static void warmUp() {
    InMemoryLastPublished store = new InMemoryLastPublished();
    ChangeEventHandler handler = handler(store, ProducerMemoryBenchmark::encoded);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 2_000; i++) {
        handler.onAdd(asGeneric(pod(i, "1", "web:1", "Pending")));
        handler.onUpdate(
            asGeneric(pod(i, "1", "web:1", "Pending")), asGeneric(pod(i, "2", "web:2", "Running")));
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

  private static GenericKubernetesResource asGeneric(Pod pod) {
    return SERIALIZATION.unmarshal(SERIALIZATION.asJson(pod), GenericKubernetesResource.class);
  }

  /** A pod as a Deployment's ReplicaSet creates it, with status, probes and managedFields. */
  static Pod pod(int i, String resourceVersion, String image, String phase) {
    String name = "web-7d9f8c6b5-" + Integer.toString(100_000 + i, 36);
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop-" + (i % 20))
        .withUid(new UUID(42, i).toString())
        .withResourceVersion(resourceVersion)
        .withCreationTimestamp("2026-11-24T14:03:07Z")
        .addToLabels("app.kubernetes.io/name", "web")
        .addToLabels("app.kubernetes.io/instance", "shop")
        .addToLabels("pod-template-hash", "7d9f8c6b5")
        .addToAnnotations("prometheus.io/scrape", "true")
        .addToAnnotations("prometheus.io/port", "9090")
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("ReplicaSet")
        .withName("web-7d9f8c6b5")
        .withUid(new UUID(7, 7).toString())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .endOwnerReference()
        .withManagedFields(
            new ManagedFieldsEntryBuilder()
                .withManager("kube-controller-manager")
                .withOperation("Update")
                .withApiVersion("v1")
                .withTime("2026-11-24T14:03:07Z")
                .withFieldsType("FieldsV1")
                .build())
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName("web")
        .withNodeName("node-" + (i % 50))
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .withProtocol("TCP")
        .endPort()
        .addNewEnv()
        .withName("DB_PASSWORD")
        .withValue("not-really-" + i)
        .endEnv()
        .addNewEnv()
        .withName("LOG_LEVEL")
        .withValue("info")
        .endEnv()
        .withNewResources()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("128Mi"))
        .addToLimits("memory", new Quantity("256Mi"))
        .endResources()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/ready")
        .withNewPort("http")
        .endHttpGet()
        .withPeriodSeconds(10)
        .endReadinessProbe()
        .addNewVolumeMount()
        .withName("kube-api-access")
        .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
        .withReadOnly(true)
        .endVolumeMount()
        .endContainer()
        .addNewContainer()
        .withName("metrics")
        .withImage("registry.example.com/shop/metrics-sidecar:0.9.1")
        .addNewPort()
        .withName("metrics")
        .withContainerPort(9090)
        .endPort()
        .endContainer()
        .addNewVolume()
        .withName("kube-api-access")
        .withNewProjected()
        .addNewSource()
        .withNewServiceAccountToken()
        .withPath("token")
        .withExpirationSeconds(3607L)
        .endServiceAccountToken()
        .endSource()
        .endProjected()
        .endVolume()
        .endSpec()
        .withNewStatus()
        .withPhase(phase)
        .withHostIP("10.0.0." + (i % 250))
        .withPodIP("10.244." + (i % 200) + "." + (i % 250))
        .withStartTime("2026-11-24T14:03:08Z")
        .addNewCondition()
        .withType("Ready")
        .withStatus(phase.equals("Running") ? "True" : "False")
        .withLastTransitionTime("2026-11-24T14:03:20Z")
        .endCondition()
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("True")
        .withLastTransitionTime("2026-11-24T14:03:07Z")
        .endCondition()
        .addNewContainerStatus()
        .withName("web")
        .withImage(image)
        .withReady(phase.equals("Running"))
        .withRestartCount(0)
        .withNewState()
        .withNewRunning()
        .withStartedAt("2026-11-24T14:03:10Z")
        .endRunning()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }
}
