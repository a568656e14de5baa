package dev.kew.producer.ha;

import dev.kew.producer.ops.ProducerMetrics;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the watcher only while this instance holds the Lease (fabric8's {@code LeaderElector}). A
 * standby waits, ready, and takes over when the leader stops renewing for the lease duration. A
 * leader that loses the Lease stops publishing and fails ({@link #failure()}): restarting the
 * process is the safe way back to standby, since another instance may already publish.
 */
public final class Leadership implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);

  private final LeaderElectionSettings settings;
  private final ProducerMetrics metrics;
  private final Supplier<? extends LeaderWork> startWatcher;
  private final CompletableFuture<Void> failure = new CompletableFuture<>();
  private volatile boolean leading;
  private volatile boolean closing;
  private volatile LeaderWork watcher;
  private volatile String leader;
  private CompletableFuture<?> election;
  private KubernetesClient electionClient;

  private Leadership(
      LeaderElectionSettings settings,
      ProducerMetrics metrics,
      Supplier<? extends LeaderWork> startWatcher) {
    this.settings = settings;
    this.metrics = metrics;
    this.startWatcher = startWatcher;
  }

  /**
   * Joins the election for the Lease of {@code settings}; {@code startWatcher} runs (on a thread of
   * its own) once this instance leads. The election talks to the API server through a client of its
   * own, built from {@code client}'s configuration, that does not retry and gives up on a request
   * after one retry period: a leader cut off from the API server notices it within the renew
   * deadline instead of retrying for minutes while a standby takes over.
   */
  public static Leadership start(
      KubernetesClient client,
      LeaderElectionSettings settings,
      ProducerMetrics metrics,
      Supplier<? extends LeaderWork> startWatcher) {
    Leadership leadership = new Leadership(settings, metrics, startWatcher);
    leadership.electionClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .withRequestTimeout((int) Math.max(1000, settings.retryPeriod().toMillis()))
                    .build())
            .build();
    leadership.election =
        leadership
            .electionClient
            .leaderElector()
            .withConfig(
                new LeaderElectionConfigBuilder()
                    .withName(settings.leaseName())
                    .withLock(
                        new LeaseLock(
                            settings.leaseNamespace(), settings.leaseName(), settings.identity()))
                    .withLeaseDuration(settings.leaseDuration())
                    .withRenewDeadline(settings.renewDeadline())
                    .withRetryPeriod(settings.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(
                        new LeaderCallbacks(
                            leadership::onStartLeading,
                            leadership::onStopLeading,
                            leadership::onNewLeader))
                    .build())
            .build()
            .start();
    leadership.election.whenComplete(
        (ok, error) -> {
          if (error != null && !leadership.closing) {
            leadership.fail(new IllegalStateException("Leader election failed: " + error, error));
          }
        });
    log.info(
        "Joined the leader election of lease {}/{} as {}",
        settings.leaseNamespace(),
        settings.leaseName(),
        settings.identity());
    return leadership;
  }

  /**
   * Completes exceptionally when this instance lost the lead, the election failed, or the watcher
   * failed or could not start. It never completes normally.
   */
  public CompletableFuture<Void> failure() {
    return failure;
  }

  /** Whether this instance leads now. */
  public boolean leading() {
    return leading;
  }

  /** The running watcher, while this instance leads and it has started. */
  public Optional<LeaderWork> watcher() {
    return Optional.ofNullable(watcher);
  }

  /**
   * Empty for a healthy standby and for a leader whose watcher delivers every change; otherwise
   * what is missing.
   */
  public List<String> readinessProblems() {
    if (failure.isDone() || election.isDone()) {
      return List.of("not taking part in the leader election");
    }
    if (!leading) {
      return List.of();
    }
    LeaderWork running = watcher;
    return running == null ? List.of("leading, starting the watch") : running.readinessProblems();
  }

  /** Leaves the election, releasing the Lease if held, and stops the watcher. */
  @Override
  public void close() {
    closing = true;
    if (election != null) {
      election.cancel(true);
    }
    stopWatcher();
    if (electionClient != null) {
      electionClient.close();
    }
  }

  private void onStartLeading() {
    leading = true;
    metrics.leader(true);
    log.info("Leading through lease {}: starting the watch", settings.leaseName());
    Thread starter =
        new Thread(
            () -> {
              try {
                LeaderWork started = startWatcher.get();
                watcher = started;
                if (closing || !leading) {
                  stopWatcher();
                  return;
                }
                started.failure().whenComplete((ok, error) -> fail(error));
              } catch (RuntimeException e) {
                log.error("Cannot start the watch: {}", e.getMessage());
                fail(e);
              }
            },
            "leader-start");
    starter.setDaemon(true);
    starter.start();
  }

  private void onStopLeading() {
    boolean wasLeading = leading;
    leading = false;
    metrics.leader(false);
    if (closing) {
      return;
    }
    if (wasLeading) {
      log.error("Lost the lead of lease {}: stopping the watch", settings.leaseName());
    }
    stopWatcher();
    fail(new LeadershipLostException(settings.leaseName()));
  }

  private void onNewLeader(String identity) {
    if (!Objects.equals(identity, leader)) {
      leader = identity;
      if (identity != null && !identity.equals(settings.identity())) {
        log.info("Standing by: {} leads through lease {}", identity, settings.leaseName());
      }
    }
  }

  private void fail(Throwable error) {
    if (error != null && !closing) {
      failure.completeExceptionally(error);
    }
  }

  private synchronized void stopWatcher() {
    LeaderWork running = watcher;
    watcher = null;
    if (running != null) {
      running.close();
    }
  }

  /** This instance held the Lease and lost it. */
  public static final class LeadershipLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LeadershipLostException(String leaseName) {
      super("Lost the lead of lease " + leaseName);
    }
  }
}
