package dev.kew.local.cluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kubernetes API server simulated on 127.0.0.1: fabric8's CRUD mock ({@code
 * kubernetes-server-mock}) answering discovery, with the {@code backups.demo.kew.dev} custom
 * resource defined, reachable by fabric8 and by {@code kubectl} through {@link #writeKubeconfig}.
 *
 * <p>Unlike the plain mock, every object created through it, by any client, gets a random UUID as
 * uid, as on a real API server: the dispatcher swaps the mock's sequential uid for a random one
 * when it stores the object, before any watch sees it, and in the POST response (see {@link
 * SimulatedApiDispatcher}). Sequential uids would repeat from one run to the next and collide in a
 * Kafka topic whose history survives restarts.
 *
 * <p>What it inherits from the mock: {@code resourceVersion} is one global counter; deletes are
 * immediate; a watch from an old resourceVersion re-sends ADDED for every object instead of
 * replaying history or answering 410; strategic-merge patch and server-side apply answer 415 (use
 * JSON merge patch, JSON patch or update); watches are WebSocket only, so {@code kubectl get -w}
 * cannot watch it (list, create, patch and delete work).
 */
public final class SimulatedCluster implements AutoCloseable {

  /** The context name {@link #writeKubeconfig(Path)} uses. */
  public static final String DEFAULT_CONTEXT = "kew-simulated";

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

  /** Held so the level set on it is not lost when the JUL logger would be garbage-collected. */
  private static final java.util.logging.Logger MOCK_LOGGER =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final ScheduledExecutorService housekeeping;

  private SimulatedCluster(
      KubernetesMockServer server, KubernetesClient client, ScheduledExecutorService housekeeping) {
    this.server = server;
    this.client = client;
    this.housekeeping = housekeeping;
  }

  /**
   * Starts the simulated API server on 127.0.0.1 and defines the Backup custom resource in it.
   *
   * @param port the port to listen on; 0 picks a free one
   * @throws IllegalStateException when the server cannot listen on {@code port}
   */
  public static SimulatedCluster start(int port) {
    MOCK_LOGGER.setLevel(Level.WARNING);
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new SimulatedApiDispatcher(),
            false);
    try {
      server.init(InetAddress.getLoopbackAddress(), port);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Cannot start the simulated cluster on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    String masterUrl = "http://127.0.0.1:" + server.getPort() + "/";
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(Config.empty())
                    .withMasterUrl(masterUrl)
                    .withNamespace("default")
                    .withHttp2Disable(true)
                    .build())
            .build();
    client.apiextensions().v1().customResourceDefinitions().resource(backupDefinition()).create();
    // The mock keeps every request it served for takeRequest(); nobody asks, so drop them.
    ScheduledExecutorService housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "simulated-cluster-housekeeping");
              t.setDaemon(true);
              return t;
            });
    housekeeping.scheduleWithFixedDelay(
        () -> drainRecordedRequests(server), 5, 5, TimeUnit.SECONDS);
    log.info("Simulated Kubernetes API server listening on {}", masterUrl);
    return new SimulatedCluster(server, client, housekeeping);
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
    return server.getPort();
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
    housekeeping.shutdownNow();
    client.close();
    server.destroy();
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

  private static void drainRecordedRequests(KubernetesMockServer server) {
    try {
      while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // discard
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
