package dev.kew.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
   * Serves the endpoints on all interfaces.
   *
   * @param port the port; 0 picks a free one
   */
  public static OpsServer start(int port, PrometheusMeterRegistry registry, Health health) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
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
          "Metrics and probes on port {}: /metrics /healthz /readyz",
          server.getAddress().getPort());
      return new OpsServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve metrics and probes on port " + port, e);
    }
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
