package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a cluster look busy: at a fixed rate it scales and re-images Deployments, creates and
 * deletes Pods and reports their status, adds and removes Services and ConfigMaps, rotates Secrets
 * and records Backup runs. Each change goes through the manager that makes it on a real cluster, so
 * managedFields tell who changed what: {@code kubectl-edit} scales, {@code
 * kubectl-client-side-apply} re-images (a strategic-merge patch, as {@code kubectl apply}), {@code
 * kube-controller-manager} creates and deletes Pods, {@code kubelet} writes their status, {@code
 * helm} adds and removes Services and ConfigMaps, {@code kubectl-patch} rotates Secrets, {@code
 * backup-operator} records Backup runs.
 *
 * <p>The kind of each change follows a seeded shuffle of all {@link Change} kinds, round after
 * round, so every kind happens once per round and a given seed makes the same sequence. Objects it
 * adds carry {@value #MANAGED_BY_LABEL}={@value #MANAGED_BY}; it only removes Services and
 * ConfigMaps it added (falling back to adding one when there is none), while any Pod may go.
 *
 * <p>A change that fails is logged and counted in {@link #failures()}; the generator keeps going.
 */
public final class ChurnGenerator implements AutoCloseable {

  /** The kinds of change the generator makes. */
  public enum Change {
    SCALE_DEPLOYMENT,
    REIMAGE_DEPLOYMENT,
    CREATE_POD,
    DELETE_POD,
    REPORT_POD_STATUS,
    CREATE_SERVICE,
    DELETE_SERVICE,
    CREATE_CONFIGMAP,
    DELETE_CONFIGMAP,
    PATCH_SECRET,
    UPDATE_BACKUP
  }

  public static final double DEFAULT_RATE = 2;
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "kew-churn";

  private static final Logger log = LoggerFactory.getLogger(ChurnGenerator.class);
  private static final Pattern SEMVER_TAG = Pattern.compile("(.*:v?\\d+\\.\\d+\\.)(\\d+)");
  private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final KubernetesClient client;
  private final ManagerClients managers;
  private final double changesPerSecond;
  private final Random random;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final Map<Change, AtomicLong> counts = new EnumMap<>(Change.class);
  private final AtomicLong failures = new AtomicLong();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final List<Change> round = new ArrayList<>();
  private ScheduledFuture<?> ticks;
  private volatile DeletionJournal journal;

  /**
   * @param changesPerSecond how many changes to make per second, more than 0
   * @param seed the seed of every random choice
   */
  public ChurnGenerator(KubernetesClient client, double changesPerSecond, long seed) {
    this(client, changesPerSecond, seed, Clock.systemUTC());
  }

  ChurnGenerator(KubernetesClient client, double changesPerSecond, long seed, Clock clock) {
    if (!(changesPerSecond > 0) || Double.isInfinite(changesPerSecond)) {
      throw new IllegalArgumentException(
          "The churn rate must be a positive number of changes per second, was "
              + changesPerSecond);
    }
    this.client = client;
    this.managers = new ManagerClients(client);
    this.changesPerSecond = changesPerSecond;
    this.random = new Random(seed);
    this.clock = clock;
    for (Change change : Change.values()) {
      counts.put(change, new AtomicLong());
    }
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "churn-generator");
              t.setDaemon(true);
              return t;
            });
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.executor = scheduler;
  }

  /** Records every deletion the churn makes in {@code journal} from now on. */
  public ChurnGenerator journalDeletionsTo(DeletionJournal journal) {
    this.journal = journal;
    return this;
  }

  private void journalDeleted(HasMetadata object) {
    DeletionJournal current = journal;
    if (current != null) {
      current.deleted(object);
    }
  }

  /** Starts making changes until {@link #stop()}. */
  public ChurnGenerator start() {
    return start(null);
  }

  /**
   * Starts making changes.
   *
   * @param duration how long to go on; {@code null} or zero means until {@link #stop()}
   */
  public synchronized ChurnGenerator start(Duration duration) {
    if (ticks != null) {
      throw new IllegalStateException("The churn generator is already started");
    }
    long periodNanos = Math.max(1, (long) (TimeUnit.SECONDS.toNanos(1) / changesPerSecond));
    ticks =
        executor.scheduleAtFixedRate(this::tick, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    if (duration != null && !duration.isZero()) {
      executor.schedule(this::finish, duration.toNanos(), TimeUnit.NANOSECONDS);
    }
    log.info(
        "Churn: {} changes/s{}",
        changesPerSecond,
        duration == null || duration.isZero() ? "" : " for " + duration);
    return this;
  }

  /** Stops making changes and waits for the one in progress, if any. */
  public void stop() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Churn: a change was still running after 10 s; interrupting it");
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    managers.close();
    if (finished.complete(null)) {
      log.info("Churn stopped after {} changes ({} failed)", changes(), failures());
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Completes when the generator has stopped, by {@link #stop()} or at the end of its duration. */
  public CompletableFuture<Void> finished() {
    return finished;
  }

  /** How many changes were made. */
  public long changes() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** How many changes of each kind were made. */
  public Map<Change, Long> changesByKind() {
    Map<Change, Long> copy = new EnumMap<>(Change.class);
    counts.forEach((change, count) -> copy.put(change, count.get()));
    return Collections.unmodifiableMap(copy);
  }

  /** How many attempted changes failed. */
  public long failures() {
    return failures.get();
  }

  private void finish() {
    ticks.cancel(false);
    if (finished.complete(null)) {
      log.info("Churn finished its run: {} changes ({} failed)", changes(), failures());
    }
  }

  private void tick() {
    Change change = nextChange();
    try {
      Change made = make(change);
      counts.get(made).incrementAndGet();
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.warn("Churn: {} failed: {}", change, e.getMessage());
    }
  }

  Change nextChange() {
    if (round.isEmpty()) {
      round.addAll(List.of(Change.values()));
      Collections.shuffle(round, random);
    }
    return round.remove(0);
  }

  /** Makes one change of kind {@code change}, or a fallback; answers the kind made. */
  Change make(Change change) {
    return switch (change) {
      case SCALE_DEPLOYMENT -> scaleDeployment();
      case REIMAGE_DEPLOYMENT -> reimageDeployment();
      case CREATE_POD -> createPod();
      case DELETE_POD -> deletePod();
      case REPORT_POD_STATUS -> reportPodStatus();
      case CREATE_SERVICE -> createService();
      case DELETE_SERVICE -> deleteService();
      case CREATE_CONFIGMAP -> createConfigMap();
      case DELETE_CONFIGMAP -> deleteConfigMap();
      case PATCH_SECRET -> patchSecret();
      case UPDATE_BACKUP -> updateBackup();
    };
  }

  private Change scaleDeployment() {
    Deployment deployment = pick(client.apps().deployments().inAnyNamespace().list().getItems());
    int current =
        deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
    int replicas = 1 + (current + random.nextInt(4)) % 5;
    managers
        .as(ManagerClients.KUBECTL_EDIT)
        .apps()
        .deployments()
        .inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
    log.debug("Churn: scaled deployment {} to {}", id(deployment), replicas);
    return Change.SCALE_DEPLOYMENT;
  }

  private Change reimageDeployment() {
    Deployment deployment = pick(client.apps().deployments().inAnyNamespace().list().getItems());
    String image =
        nextImage(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    String container =
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
    Map<String, Object> patch =
        Map.of(
            "metadata",
            Map.of("annotations", Map.of("kubernetes.io/change-cause", "image " + image)),
            "spec",
            Map.of(
                "template",
                Map.of(
                    "spec",
                    Map.of("containers", List.of(Map.of("name", container, "image", image))))));
    managers
        .as(ManagerClients.KUBECTL_APPLY)
        .apps()
        .deployments()
        .inNamespace(deployment.getMetadata().getNamespace())
        .withName(deployment.getMetadata().getName())
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(patch));
    log.debug("Churn: deployment {} now runs {}", id(deployment), image);
    return Change.REIMAGE_DEPLOYMENT;
  }

  private Change createPod() {
    Deployment deployment = pick(client.apps().deployments().inAnyNamespace().list().getItems());
    Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    Pod pod =
        SeedData.pod(
            deployment.getMetadata().getNamespace(),
            deployment.getMetadata().getName(),
            labels.getOrDefault("tier", "backend"),
            deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage(),
            random);
    managers.as(ManagerClients.CONTROLLER_MANAGER).resource(pod).create();
    log.debug("Churn: created pod {}", id(pod));
    return Change.CREATE_POD;
  }

  private Change deletePod() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    if (pods.isEmpty()) {
      return createPod();
    }
    Pod pod = pick(pods);
    managers.as(ManagerClients.CONTROLLER_MANAGER).resource(pod).delete();
    journalDeleted(pod);
    log.debug("Churn: deleted pod {}", id(pod));
    return Change.DELETE_POD;
  }

  /** kubelet reports a Pending Pod running, or (when none is pending) a running one restarted. */
  private Change reportPodStatus() {
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    if (pods.isEmpty()) {
      return createPod();
    }
    List<Pod> pending = pods.stream().filter(p -> !running(p)).toList();
    Pod pod = pick(pending.isEmpty() ? pods : pending);
    KubernetesClient kubelet = managers.as(ManagerClients.KUBELET);
    if (running(pod)) {
      kubelet
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .editStatus(
              p -> {
                var container = p.getStatus().getContainerStatuses().get(0);
                return new PodBuilder(p)
                    .editStatus()
                    .editFirstContainerStatus()
                    .withRestartCount(
                        container.getRestartCount() == null ? 1 : container.getRestartCount() + 1)
                    .endContainerStatus()
                    .endStatus()
                    .build();
              });
    } else {
      SeedData.reportRunning(kubelet, pod);
    }
    log.debug("Churn: kubelet reported the status of pod {}", id(pod));
    return Change.REPORT_POD_STATUS;
  }

  private static boolean running(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getContainerStatuses() != null
        && !pod.getStatus().getContainerStatuses().isEmpty();
  }

  private Change createService() {
    Deployment deployment = pick(client.apps().deployments().inAnyNamespace().list().getItems());
    String app = deployment.getMetadata().getName();
    int port = 8000 + random.nextInt(1000);
    managers
        .as(ManagerClients.HELM)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(deployment.getMetadata().getNamespace())
                .withName(app + "-canary-" + suffix())
                .addToLabels("app", app)
                .addToLabels("track", "canary")
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .addToSelector("app", app)
                .addToSelector("track", "canary")
                .addNewPort()
                .withName("http")
                .withPort(port)
                .withTargetPort(new IntOrString(port))
                .endPort()
                .endSpec()
                .build())
        .create();
    log.debug("Churn: created a canary service for {}", id(deployment));
    return Change.CREATE_SERVICE;
  }

  private Change deleteService() {
    var services =
        client
            .services()
            .inAnyNamespace()
            .withLabel(MANAGED_BY_LABEL, MANAGED_BY)
            .list()
            .getItems();
    if (services.isEmpty()) {
      return createService();
    }
    var service = pick(services);
    managers.as(ManagerClients.HELM).resource(service).delete();
    journalDeleted(service);
    log.debug("Churn: deleted service {}", id(service));
    return Change.DELETE_SERVICE;
  }

  private Change createConfigMap() {
    String namespace = SeedData.NAMESPACES.get(random.nextInt(SeedData.NAMESPACES.size()));
    managers
        .as(ManagerClients.HELM)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName("feature-flags-" + suffix())
                .addToLabels(MANAGED_BY_LABEL, MANAGED_BY)
                .endMetadata()
                .addToData("new-checkout", String.valueOf(random.nextBoolean()))
                .addToData("rollout-percent", String.valueOf(random.nextInt(101)))
                .build())
        .create();
    log.debug("Churn: created a feature-flags configmap in {}", namespace);
    return Change.CREATE_CONFIGMAP;
  }

  private Change deleteConfigMap() {
    var configMaps =
        client
            .configMaps()
            .inAnyNamespace()
            .withLabel(MANAGED_BY_LABEL, MANAGED_BY)
            .list()
            .getItems();
    if (configMaps.isEmpty()) {
      return createConfigMap();
    }
    var configMap = pick(configMaps);
    managers.as(ManagerClients.HELM).resource(configMap).delete();
    journalDeleted(configMap);
    log.debug("Churn: deleted configmap {}", id(configMap));
    return Change.DELETE_CONFIGMAP;
  }

  private Change patchSecret() {
    Secret secret = pick(client.secrets().inAnyNamespace().list().getItems());
    String key =
        secret.getData() == null || secret.getData().isEmpty()
            ? "token"
            : secret.getData().keySet().stream().sorted().findFirst().orElseThrow();
    Map<String, Object> patch =
        Map.of(
            "metadata",
            Map.of("annotations", Map.of("kew.dev/rotated-at", clock.instant().toString())),
            "data",
            Map.of(key, SeedData.base64("rotated-" + suffix() + suffix())));
    managers
        .as(ManagerClients.KUBECTL_PATCH)
        .secrets()
        .inNamespace(secret.getMetadata().getNamespace())
        .withName(secret.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    log.debug("Churn: rotated key {} of secret {}", key, id(secret));
    return Change.PATCH_SECRET;
  }

  private Change updateBackup() {
    List<GenericKubernetesResource> backups =
        client
            .genericKubernetesResources(SimulatedCluster.BACKUPS)
            .inAnyNamespace()
            .list()
            .getItems();
    if (backups.isEmpty()) {
      return createConfigMap();
    }
    GenericKubernetesResource backup = pick(backups);
    Map<String, Object> patch =
        Map.of(
            "status",
            Map.of(
                "phase",
                random.nextInt(10) == 0 ? "Failed" : "Succeeded",
                "lastRun",
                clock.instant().toString(),
                "sizeBytes",
                1_000_000L + random.nextInt(50_000_000)));
    managers
        .as(ManagerClients.BACKUP_OPERATOR)
        .genericKubernetesResources(SimulatedCluster.BACKUPS)
        .inNamespace(backup.getMetadata().getNamespace())
        .withName(backup.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    log.debug("Churn: recorded a run of backup {}", id(backup));
    return Change.UPDATE_BACKUP;
  }

  /** A random element, chosen from the list sorted by namespace and name so a seed repeats. */
  private <T extends HasMetadata> T pick(List<T> items) {
    if (items.isEmpty()) {
      throw new IllegalStateException("nothing to change: the cluster has no objects of this kind");
    }
    List<T> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(ChurnGenerator::id));
    return sorted.get(random.nextInt(sorted.size()));
  }

  private String suffix() {
    StringBuilder suffix = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }

  static String nextImage(String image) {
    Matcher m = SEMVER_TAG.matcher(image);
    if (m.matches()) {
      return m.group(1) + (Long.parseLong(m.group(2)) + 1);
    }
    return image.contains(":") ? image + "-1" : image + ":1.0.1";
  }

  private static String id(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
  }
}
