package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small, realistic set of objects for the simulated cluster: four namespaces, a shop, a payment
 * service and monitoring, as Deployments with their Pods, Services, ConfigMaps, Secrets and Backup
 * custom resources (about 40 objects). Names and contents are fixed, so every run looks alike.
 */
public final class SeedData {

  /** The namespaces the seed creates. */
  public static final List<String> NAMESPACES =
      List.of("default", "shop", "payments", "monitoring");

  /** Label on every seeded object. */
  public static final String SEED_LABEL = "kew.dev/seed";

  private static final Logger log = LoggerFactory.getLogger(SeedData.class);

  private record App(
      String namespace, String name, String tier, String image, int replicas, Integer port) {}

  private static final List<App> APPS =
      List.of(
          new App("default", "hello", "frontend", "nginxdemos/hello:0.4", 1, 80),
          new App("shop", "web", "frontend", "registry.example.com/shop/web:1.4.0", 3, 8080),
          new App("shop", "api", "backend", "registry.example.com/shop/api:2.1.3", 2, 8080),
          new App("shop", "worker", "backend", "registry.example.com/shop/worker:2.1.3", 1, null),
          new App(
              "payments", "payments-api", "backend", "registry.example.com/pay/api:0.9.2", 2, 8443),
          new App("monitoring", "prometheus", "monitoring", "prom/prometheus:v3.1.0", 1, 9090),
          new App("monitoring", "grafana", "monitoring", "grafana/grafana:11.4.0", 1, 3000));

  private SeedData() {}

  /** The seed objects, in an order that can be created front to back (namespaces first). */
  public static List<HasMetadata> objects() {
    List<HasMetadata> objects = new ArrayList<>();
    for (String namespace : NAMESPACES) {
      objects.add(
          new NamespaceBuilder()
              .withNewMetadata()
              .withName(namespace)
              .addToLabels(SEED_LABEL, "true")
              .addToLabels("kubernetes.io/metadata.name", namespace)
              .endMetadata()
              .build());
    }
    Random random = new Random(42);
    for (App app : APPS) {
      objects.add(deployment(app));
      if (app.port() != null) {
        objects.add(service(app));
      }
      for (int i = 0; i < app.replicas(); i++) {
        objects.add(pod(app.namespace(), app.name(), app.tier(), app.image(), random));
      }
    }
    objects.add(
        configMap(
            "shop",
            "web-config",
            "web",
            Map.of("THEME", "autumn", "CDN_URL", "https://cdn.example.com")));
    objects.add(
        configMap("shop", "api-config", "api", Map.of("LOG_LEVEL", "info", "DB_POOL_SIZE", "20")));
    objects.add(
        configMap(
            "payments",
            "payments-config",
            "payments-api",
            Map.of("PROVIDER", "stripe", "CURRENCY", "EUR")));
    objects.add(
        configMap(
            "monitoring",
            "prometheus-config",
            "prometheus",
            Map.of("prometheus.yml", "global:\n  scrape_interval: 15s\n")));
    objects.add(
        secret(
            "shop",
            "api-db-credentials",
            "api",
            Map.of("username", "shop", "password", "s3cr3t-shop")));
    objects.add(
        secret(
            "payments", "stripe-api-key", "payments-api", Map.of("api-key", "sk_test_kew_0000")));
    objects.add(
        secret("monitoring", "grafana-admin", "grafana", Map.of("admin-password", "admin-kew")));
    objects.add(backup("shop", "nightly-db", "0 2 * * *", "api-db"));
    objects.add(backup("payments", "hourly-ledger", "0 * * * *", "ledger"));
    return objects;
  }

  /**
   * Creates every seed object in the simulated cluster behind {@code client}, each through the
   * manager that would make it on a real cluster: namespaces by {@code kubectl-create}, the apps by
   * {@code helm}, Backups by {@code kubectl-client-side-apply}, Pods by {@code
   * kube-controller-manager} with their status then written by {@code kubelet}.
   *
   * @return how many objects were created
   */
  public static int apply(KubernetesClient client) {
    List<HasMetadata> objects = objects();
    try (ManagerClients managers = new ManagerClients(client)) {
      for (HasMetadata object : objects) {
        managers.as(managerOf(object)).resource(object).create();
        if (object instanceof Pod pod) {
          KubeletStatus.reportRunning(managers.as(ManagerClients.KUBELET), pod);
        }
      }
    }
    log.info("Seeded the simulated cluster with {} objects", objects.size());
    return objects.size();
  }

  private static String managerOf(HasMetadata object) {
    return switch (object.getKind()) {
      case "Namespace" -> ManagerClients.KUBECTL_CREATE;
      case "Pod" -> ManagerClients.CONTROLLER_MANAGER;
      case SimulatedCluster.BACKUP_KIND -> ManagerClients.KUBECTL_APPLY;
      default -> ManagerClients.HELM;
    };
  }

  /** A Pod named and labelled as if its Deployment's ReplicaSet had made it. */
  static Pod pod(String namespace, String app, String tier, String image, Random random) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(app + "-" + templateHash(app) + "-" + suffix(random))
        .addToLabels(labels(app, tier))
        .addToLabels("pod-template-hash", templateHash(app))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(app)
        .withImage(image)
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Pending")
        .endStatus()
        .build();
  }

  static Map<String, String> labels(String app, String tier) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app", app);
    labels.put("tier", tier);
    labels.put("app.kubernetes.io/name", app);
    return labels;
  }

  static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }

  private static Deployment deployment(App app) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(app.namespace())
        .withName(app.name())
        .addToLabels(labels(app.name(), app.tier()))
        .addToLabels(SEED_LABEL, "true")
        .endMetadata()
        .withNewSpec()
        .withReplicas(app.replicas())
        .withNewSelector()
        .addToMatchLabels("app", app.name())
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels(labels(app.name(), app.tier()))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(app.name())
        .withImage(app.image())
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static HasMetadata service(App app) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withNamespace(app.namespace())
        .withName(app.name())
        .addToLabels(labels(app.name(), app.tier()))
        .addToLabels(SEED_LABEL, "true")
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .addToSelector("app", app.name())
        .addNewPort()
        .withName("http")
        .withPort(app.port())
        .withTargetPort(new IntOrString(app.port()))
        .endPort()
        .endSpec()
        .build();
  }

  private static HasMetadata configMap(
      String namespace, String name, String app, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels("app", app)
        .addToLabels(SEED_LABEL, "true")
        .endMetadata()
        .withData(new LinkedHashMap<>(data))
        .build();
  }

  private static HasMetadata secret(
      String namespace, String name, String app, Map<String, String> plain) {
    Map<String, String> data = new LinkedHashMap<>();
    plain.forEach((key, value) -> data.put(key, base64(value)));
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels("app", app)
        .addToLabels(SEED_LABEL, "true")
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  private static HasMetadata backup(String namespace, String name, String schedule, String target) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(SimulatedCluster.BACKUP_GROUP + "/" + SimulatedCluster.BACKUP_VERSION)
        .withKind(SimulatedCluster.BACKUP_KIND)
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels("app", target)
        .addToLabels(SEED_LABEL, "true")
        .endMetadata()
        .addToAdditionalProperties(
            "spec", Map.of("schedule", schedule, "target", target, "retention", "7d"))
        .build();
  }

  private static String templateHash(String app) {
    return String.format("%08x", app.hashCode() & 0x7fffffff) + "d";
  }

  private static String suffix(Random random) {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder suffix = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return suffix.toString();
  }
}
