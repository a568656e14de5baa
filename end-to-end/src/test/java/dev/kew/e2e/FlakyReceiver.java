package dev.kew.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The webhook sink of a chaos run, on loopback: answers 503 while failing, can hold one request
 * unanswered (so the consumer can be killed mid-delivery), and appends the {@code id} of every
 * event it answered 200 to a log, one per line, for the checker.
 */
final class FlakyReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final BufferedWriter delivered;
  private final AtomicBoolean failing = new AtomicBoolean();
  private final AtomicReference<CountDownLatch> holdNext = new AtomicReference<>();
  private final CountDownLatch held = new CountDownLatch(1);
  private final AtomicLong answered200 = new AtomicLong();
  private final AtomicLong answered503 = new AtomicLong();

  private FlakyReceiver(HttpServer server, BufferedWriter delivered) {
    this.server = server;
    this.delivered = delivered;
  }

  static FlakyReceiver start(Path deliveredLog) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    FlakyReceiver receiver =
        new FlakyReceiver(server, Files.newBufferedWriter(deliveredLog, StandardCharsets.UTF_8));
    server.createContext("/hook", receiver::handle);
    server.start();
    return receiver;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  void failing(boolean fail) {
    failing.set(fail);
  }

  /** The next request is held unanswered until {@code release} counts down. */
  void holdNextRequest(CountDownLatch release) {
    holdNext.set(release);
  }

  /** Whether the request of {@link #holdNextRequest} arrived within {@code seconds}. */
  boolean awaitHeld(long seconds) throws InterruptedException {
    return held.await(seconds, TimeUnit.SECONDS);
  }

  long answered200() {
    return answered200.get();
  }

  long answered503() {
    return answered503.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      String id = JSON.readTree(body).path("id").asText();
      CountDownLatch release = holdNext.getAndSet(null);
      if (release != null) {
        held.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(503, -1); // the sender is gone: never counted delivered
        return;
      }
      if (failing.get()) {
        answered503.incrementAndGet();
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      synchronized (delivered) {
        delivered.write(id);
        delivered.write('\n');
        delivered.flush();
      }
      answered200.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
    }
  }

  @Override
  public void close() throws IOException {
    server.stop(0);
    synchronized (delivered) {
      delivered.close();
    }
  }
}
