package dev.kew.local.cluster;

import dev.kew.local.cluster.api.ApiServer;
import dev.kew.local.cluster.store.ObjectStore;
import dev.kew.local.cluster.store.StoreSettings;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes API server simulated on 127.0.0.1 that keeps kube-apiserver's promises to watchers
 * (see {@link ObjectStore}): watches replay from a resourceVersion or answer 410 Gone, send
 * BOOKMARKs, stream over chunked HTTP ({@code kubectl get -w}, the Python client) and WebSocket
 * (fabric8); lists are consistent snapshots with {@code limit}/{@code continue} and selectors;
 * managedFields record who wrote what. It serves discovery, built-in kinds and the kinds of stored
 * CRDs ({@code backups.demo.kew.dev} is defined at start), and faults on demand (close every watch,
 * expire the history, be unavailable for a while). kubectl uses it through {@link
 * #writeKubeconfig}.
 *
 * <p>What it does not do: no controllers (a Deployment makes no Pods), no admission or validation
 * beyond names, no finalizers or graceful deletion (a delete is immediate), no server-side apply,
 * no protobuf, no {@code sendInitialEvents}, only the {@code status} subresource.
 */
public final class SimulatedCluster implements AutoCloseable {

  /** The context name {@link #writeKubeconfig(Path)} uses. */
  public static final String DEFAULT_CONTEXT = "kew-simulated";

  /** How often watches that allow them get a BOOKMARK, unless told otherwise. */
  public static final Duration DEFAULT_BOOKMARK_INTERVAL = Duration.ofSeconds(30);

  public static final String BACKUP_GROUP = "demo.kew.dev";
  public static final String BACKUP_VERSION = "v1";
  public static final String BACKUP_KIND = "Backup";
  public static final String BACKUP_PLURAL = "backups";

  /** The custom kind {@code Backup} of {@code demo.kew.dev/v1}, namespaced. */
  public static final ResourceDefinitionContext BACKUPS =
      new ResourceDefinitionContext.Builder()
          .withGroup(BACKUP_GROUP)
          .withVersion(BACKUP_VERSION)
          .withKind(BACKUP_KIND)
          .withPlural(BACKUP_PLURAL)
          .withNamespaced(true)
          .build();

  private static final Logger log = LoggerFactory.getLogger(SimulatedCluster.class);

  private final ApiServer server;
  private final ObjectStore store;
  private final KubernetesClient client;
  private int fleetPods;

  private SimulatedCluster(ApiServer server, ObjectStore store, KubernetesClient client) {
    this.server = server;
    this.store = store;
    this.client = client;
  }

  /**
   * Starts the simulated API server on 127.0.0.1 with the default history window, watch buffer and
   * bookmark interval, and defines the Backup custom resource in it.
   *
   * @param port the port to listen on; 0 picks a free one
   * @throws IllegalStateException when the server cannot listen on {@code port}
   */
  public static SimulatedCluster start(int port) {
    return start(port, StoreSettings.DEFAULTS, DEFAULT_BOOKMARK_INTERVAL);
  }

  /**
   * Starts the simulated API server on 127.0.0.1 and defines the Backup custom resource in it.
   *
   * @param port the port to listen on; 0 picks a free one
   * @throws IllegalStateException when the server cannot listen on {@code port}
   */
  public static SimulatedCluster start(
      int port, StoreSettings settings, Duration bookmarkInterval) {
    ObjectStore store = new ObjectStore(settings);
    ApiServer server;
    try {
      server = ApiServer.start(store, port, bookmarkInterval, Clock.systemUTC());
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          "Cannot start the simulated cluster on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    String masterUrl = "http://127.0.0.1:" + server.port() + "/";
    KubernetesClient client = clientFor(masterUrl, null);
    client.apiextensions().v1().customResourceDefinitions().resource(backupDefinition()).create();
    log.info("Simulated Kubernetes API server listening on {}", masterUrl);
    return new SimulatedCluster(server, store, client);
  }

  /**
   * A new fabric8 client of {@code masterUrl}, namespace {@code default}; with a {@code userAgent}
   * its writes are recorded in managedFields under that agent's name (up to its first {@code /}).
   */
  public static KubernetesClient clientFor(String masterUrl, String userAgent) {
    ConfigBuilder config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(masterUrl)
            .withNamespace("default")
            .withHttp2Disable(true);
    if (userAgent != null) {
      config.withUserAgent(userAgent);
    }
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }

  /** A client of this cluster, default namespace {@code default}. Closed by {@link #close()}. */
  public KubernetesClient client() {
    return client;
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public String masterUrl() {
    return "http://127.0.0.1:" + port() + "/";
  }

  public int port() {
    return server.port();
  }

  /** The resourceVersion of the latest write. */
  public long resourceVersion() {
    return store.currentRevision();
  }

  /**
   * Adds {@code count} realistic Pods of about 7 KB each (see {@link PodFleet}), written in process
   * through the same rules as API requests: for scale trials.
   */
  public synchronized void seedPods(int count) {
    new PodFleet(store, server).create(fleetPods, count);
    fleetPods += count;
  }

  /** Ends every open watch now; clients watch again from their last resourceVersion. */
  public int closeAllWatches() {
    return server.closeAllWatches();
  }

  /**
   * Drops the retained history and closes every watch: a client watching again from an earlier
   * resourceVersion gets 410 Gone and lists afresh.
   */
  public void expireHistory() {
    server.expireHistory();
  }

  /** Answers 503 to every request, and closes every watch, for {@code duration}. */
  public void makeUnavailable(Duration duration) {
    server.makeUnavailable(duration);
  }

  /** Writes a kubeconfig for this cluster with context {@value #DEFAULT_CONTEXT}. */
  public Path writeKubeconfig(Path file) {
    return writeKubeconfig(file, DEFAULT_CONTEXT);
  }

  /**
   * Writes a kubeconfig whose only (and current) context {@code contextName} points at this
   * cluster, namespace {@code default}, no credentials. fabric8 and kubectl can use it.
   *
   * @return {@code file}
   */
  public Path writeKubeconfig(Path file, String contextName) {
    io.fabric8.kubernetes.api.model.Config kubeconfig =
        new io.fabric8.kubernetes.api.model.ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addNewCluster()
            .withName(contextName)
            .withNewCluster()
            .withServer(masterUrl().substring(0, masterUrl().length() - 1))
            .endCluster()
            .endCluster()
            .addNewUser()
            .withName(contextName)
            .withNewUser()
            .endUser()
            .endUser()
            .addNewContext()
            .withName(contextName)
            .withNewContext()
            .withCluster(contextName)
            .withUser(contextName)
            .withNamespace("default")
            .endContext()
            .endContext()
            .withCurrentContext(contextName)
            .build();
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, Serialization.asYaml(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write kubeconfig " + file, e);
    }
    return file;
  }

  /** Stops the server; everything stored in it is lost. */
  @Override
  public void close() {
    client.close();
    server.close();
    log.info("Simulated Kubernetes API server on port {} stopped", port());
  }

  private static CustomResourceDefinition backupDefinition() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(BACKUP_PLURAL + "." + BACKUP_GROUP)
        .endMetadata()
        .withNewSpec()
        .withGroup(BACKUP_GROUP)
        .withScope("Namespaced")
        .withNewNames()
        .withKind(BACKUP_KIND)
        .withPlural(BACKUP_PLURAL)
        .withSingular("backup")
        .withShortNames("bk")
        .endNames()
        .addNewVersion()
        .withName(BACKUP_VERSION)
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
