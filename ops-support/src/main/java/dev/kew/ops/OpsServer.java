package dev.kew.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kew.cli.UsageException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations port of an app: {@code /metrics} (Prometheus text format), {@code /healthz}
 * (liveness) and {@code /readyz} (readiness). A failing probe answers 503 with one line per
 * problem.
 */
public final class OpsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private OpsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Serves the endpoints on the settings' address and port, and logs where.
   *
   * @throws UsageException naming {@code --metrics-port} when the port is in use, or {@code
   *     --metrics-address} when the address is not one of this machine's
   */
  public static OpsServer start(
      OpsSettings settings, PrometheusMeterRegistry registry, Health health) {
    InetSocketAddress address;
    try {
      address =
          new InetSocketAddress(
              InetAddress.getByName(settings.metricsAddress()), settings.metricsPort());
    } catch (UnknownHostException e) {
      throw new UsageException(
          "--metrics-address (env KEW_METRICS_ADDRESS) "
              + settings.metricsAddress()
              + " is unknown",
          e);
    }
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (BindException e) {
      throw new UsageException(
          "--metrics-port (env KEW_METRICS_PORT): cannot listen on "
              + settings.metricsAddress()
              + ":"
              + settings.metricsPort()
              + " ("
              + e.getMessage()
              + "); choose another port, 0 for any free one, or -1 for none",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve metrics and probes on " + address, e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "ops-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext(
        "/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape()));
    server.createContext("/healthz", exchange -> probe(exchange, health::livenessProblems));
    server.createContext("/readyz", exchange -> probe(exchange, health::readinessProblems));
    server.start();
    log.info(
        "Metrics and probes on port {} ({}): /metrics /healthz /readyz",
        server.getAddress().getPort(),
        settings.metricsAddress());
    return new OpsServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void probe(HttpExchange exchange, Supplier<List<String>> problems)
      throws IOException {
    List<String> found = problems.get();
    if (found.isEmpty()) {
      respond(exchange, 200, "text/plain; charset=utf-8", "ok\n");
    } else {
      respond(exchange, 503, "text/plain; charset=utf-8", String.join("\n", found) + "\n");
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if ("HEAD".equals(method)) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
