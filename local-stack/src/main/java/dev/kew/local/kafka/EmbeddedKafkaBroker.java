package dev.kew.local.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one) running inside this
 * JVM, from the broker classes on Maven Central. Its log directory is formatted on first use and
 * reused afterwards, so topics and their history survive restarts.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String saslSslBootstrapServers;
  private final Path dataDir;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server,
      String bootstrapServers,
      String saslSslBootstrapServers,
      Path dataDir) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.saslSslBootstrapServers = saslSslBootstrapServers;
    this.dataDir = dataDir;
  }

  /**
   * A SASL_SSL listener beside the PLAINTEXT one, for testing clients' TLS and SASL settings.
   *
   * @param keystore the broker's PKCS12 key store (key and certificate for 127.0.0.1)
   * @param keystorePassword its password, also the key's
   * @param users user name to password; each may log in with PLAIN and with SCRAM-SHA-512
   */
  public record SaslSslListener(Path keystore, String keystorePassword, Map<String, String> users) {
    public SaslSslListener {
      users = Map.copyOf(users);
    }
  }

  /**
   * Formats {@code dataDir} unless it already holds a broker's data, then starts the broker.
   *
   * @param port the client (PLAINTEXT) port on 127.0.0.1; 0 picks a free one
   * @throws PortInUseException when {@code port} is taken
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port) {
    return start(dataDir, port, null);
  }

  /**
   * Like {@link #start(Path, int)}, with a SASL_SSL listener on a free port as well when {@code
   * secured} is given. SCRAM credentials are written when the data directory is formatted, so a
   * secured broker needs a fresh directory.
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port, SaslSslListener secured) {
    int clientPort = port == 0 ? freePort() : requireFree(port);
    int controllerPort = freePort();
    Properties props = brokerProperties(dataDir, clientPort, controllerPort);
    String saslSsl = null;
    if (secured != null) {
      saslSsl = HOST + ":" + freePort();
      addSaslSslListener(props, saslSsl, secured);
    }
    KafkaConfig config = new KafkaConfig(props, false);
    format(dataDir, secured);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    String bootstrap = HOST + ":" + clientPort;
    log.info("Kafka broker (KRaft) listening on {} with data in {}", bootstrap, dataDir);
    return new EmbeddedKafkaBroker(server, bootstrap, saslSsl, dataDir);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** {@code host:port} of the SASL_SSL listener, when the broker was started with one. */
  public Optional<String> saslSslBootstrapServers() {
    return Optional.ofNullable(saslSslBootstrapServers);
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker and waits until it has; the data directory is kept. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    log.info("Kafka broker on {} stopped", bootstrapServers);
  }

  private static Properties brokerProperties(Path dataDir, int clientPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dataDir.toAbsolutePath().toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("default.replication.factor", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // A 2 MiB dedupe buffer keeps the broker's heap near 40 MiB (the default takes ~170 MiB).
    p.put("log.cleaner.dedupe.buffer.size", "2097152");
    return p;
  }

  private static void addSaslSslListener(Properties p, String hostPort, SaslSslListener secured) {
    p.put("listeners", p.get("listeners") + ",SASL_SSL://" + hostPort);
    p.put("advertised.listeners", p.get("advertised.listeners") + ",SASL_SSL://" + hostPort);
    p.put(
        "listener.security.protocol.map",
        p.get("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
    p.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512");
    StringBuilder plainUsers = new StringBuilder();
    secured
        .users()
        .forEach(
            (user, password) ->
                plainUsers
                    .append(" user_")
                    .append(user)
                    .append("=\"")
                    .append(password)
                    .append('"'));
    p.put(
        "listener.name.sasl_ssl.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required" + plainUsers + ";");
    p.put(
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.keystore.location", secured.keystore().toAbsolutePath().toString());
    p.put("ssl.keystore.password", secured.keystorePassword());
    p.put("ssl.key.password", secured.keystorePassword());
  }

  private static void format(Path dataDir, SaslSslListener secured) {
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return; // formatted by an earlier run: keep its cluster id and data
    }
    List<String> scramUsers = new ArrayList<>();
    if (secured != null) {
      secured
          .users()
          .forEach(
              (user, password) ->
                  scramUsers.add("SCRAM-SHA-512=[name=" + user + ",password=" + password + "]"));
    }
    try {
      Files.createDirectories(dataDir);
      new Formatter()
          .setScramArguments(scramUsers)
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(dataDir.toAbsolutePath().toString())
          .setMetadataLogDirectory(dataDir.toAbsolutePath().toString())
          .setControllerListenerName("CONTROLLER")
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format Kafka data directory " + dataDir, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free local port", e);
    }
  }

  private static int requireFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
      return port;
    } catch (IOException e) {
      throw new PortInUseException(port, e);
    }
  }

  /** The requested client port is already taken by another process. */
  public static final class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortInUseException(int port, Throwable cause) {
      super("Port " + port + " on " + HOST + " is already in use", cause);
    }
  }
}
