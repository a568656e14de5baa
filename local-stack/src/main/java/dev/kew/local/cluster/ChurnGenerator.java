package dev.kew.local.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>The kind of each change follows a seeded shuffle of all {@link ChurnChange} kinds, round after
 * round, so every kind happens once per round and a given seed makes the same sequence. Objects it
 * adds carry {@value #MANAGED_BY_LABEL}={@value #MANAGED_BY}; it only removes Services and
 * ConfigMaps it added (falling back to adding one when there is none), while any Pod may go.
 *
 * <p>A change that fails is logged and counted in {@link #failures()}; the generator keeps going.
 */
public final class ChurnGenerator implements AutoCloseable {

  public static final double DEFAULT_RATE = 2;
  public static final String MANAGED_BY_LABEL = ClusterChanges.MANAGED_BY_LABEL;
  public static final String MANAGED_BY = ClusterChanges.MANAGED_BY;

  private static final Logger log = LoggerFactory.getLogger(ChurnGenerator.class);

  private final ManagerClients managers;
  private final ClusterChanges clusterChanges;
  private final double changesPerSecond;
  private final Random random;
  private final ScheduledExecutorService executor;
  private final Map<ChurnChange, AtomicLong> counts = new EnumMap<>(ChurnChange.class);
  private final AtomicLong failures = new AtomicLong();
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final List<ChurnChange> round = new ArrayList<>();
  private ScheduledFuture<?> ticks;

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
    this.managers = new ManagerClients(client);
    this.changesPerSecond = changesPerSecond;
    // One random for the order of changes and their choices, so a seed repeats the whole sequence.
    this.random = new Random(seed);
    this.clusterChanges = new ClusterChanges(client, managers, random, clock);
    for (ChurnChange change : ChurnChange.values()) {
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
    clusterChanges.journalDeletionsTo(journal);
    return this;
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
  public Map<ChurnChange, Long> changesByKind() {
    Map<ChurnChange, Long> copy = new EnumMap<>(ChurnChange.class);
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
    ChurnChange change = nextChange();
    try {
      ChurnChange made = clusterChanges.make(change);
      counts.get(made).incrementAndGet();
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      log.warn("Churn: {} failed: {}", change, e.getMessage());
    }
  }

  ChurnChange nextChange() {
    if (round.isEmpty()) {
      round.addAll(List.of(ChurnChange.values()));
      Collections.shuffle(round, random);
    }
    return round.remove(0);
  }
}
