package dev.kew.local.cluster.api;

import dev.kew.local.cluster.store.ApiError;
import dev.kew.local.cluster.store.ObjectStore;
import dev.kew.local.cluster.store.ResourceType;
import dev.kew.local.cluster.write.ObjectWrites;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the simulated API server, on Vert.x (the HTTP and WebSocket library fabric8's
 * own client and mock server are built on): discovery, the object requests of {@link
 * ResourceHandler}, health endpoints, the empty OpenAPI document kubectl asks for, periodic
 * BOOKMARKs, and the faults of {@link AdminEndpoint}.
 */
public final class ApiServer implements AutoCloseable {

  /** Event loops serving requests: one per core of the machine the project targets (two). */
  private static final int EVENT_LOOPS = 2;

  /** Largest request body taken, as kube-apiserver's 3 MiB limit. */
  static final int MAX_BODY = 3 * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private final Vertx vertx;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private volatile int port;
  private final ObjectStore store;
  private final ApiDiscovery discovery;
  private final ResourceHandler resources;
  private final AdminEndpoint admin;
  private final ResourceRegistry registry;
  private final ObjectWrites writes;
  private volatile long unavailableUntilNanos;

  private ApiServer(Vertx vertx, ObjectStore store, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.registry = new ResourceRegistry();
    this.writes = new ObjectWrites(clock);
    this.discovery = new ApiDiscovery(registry);
    this.resources = new ResourceHandler(vertx, store, registry, writes);
    this.admin = new AdminEndpoint(this);
  }

  /**
   * One server per event loop, all on the same port (Vert.x hands each connection to the next): a
   * server created outside a verticle is bound to one event loop, which left one core idle.
   */
  private int listen(int port) throws ExecutionException, InterruptedException, TimeoutException {
    // Vert.x shares a port among its servers; a free port is shared when asked for as -1.
    int shared = port == 0 ? -1 : port;
    vertx
        .deployVerticle(
            () ->
                new VerticleBase() {
                  @Override
                  public Future<?> start() {
                    HttpServer server =
                        vertx
                            .createHttpServer(
                                new HttpServerOptions()
                                    .setHost("127.0.0.1")
                                    .setMaxInitialLineLength(16 * 1024))
                            .requestHandler(ApiServer.this::handle);
                    return server.listen(shared).onSuccess(servers::add);
                  }
                },
            new DeploymentOptions().setInstances(EVENT_LOOPS))
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
    return servers.get(0).actualPort();
  }

  /**
   * Starts serving on 127.0.0.1.
   *
   * @param port 0 for a free one
   * @param bookmarkInterval how often watches that allow bookmarks get one
   * @throws IllegalStateException when the port cannot be bound
   */
  public static ApiServer start(
      ObjectStore store, int port, Duration bookmarkInterval, Clock clock) {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(EVENT_LOOPS)
                .setWorkerPoolSize(1)
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    ApiServer api = new ApiServer(vertx, store, clock);
    try {
      api.port = api.listen(port);
    } catch (ExecutionException | TimeoutException e) {
      vertx.close();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      vertx.close();
      throw new IllegalStateException("interrupted while starting", e);
    }
    vertx.setPeriodic(bookmarkInterval.toMillis(), id -> store.bookmark());
    return api;
  }

  public int port() {
    return port;
  }

  /** The kind served at {@code group/version/plural}, for writes that do not go through HTTP. */
  public Optional<ResourceType> resourceType(String group, String version, String plural) {
    return registry.find(group, version, plural);
  }

  /** The write rules HTTP requests go through, for writes that do not go through HTTP. */
  public ObjectWrites writes() {
    return writes;
  }

  /** Ends every open watch now; clients watch again from their last resourceVersion. */
  public int closeAllWatches() {
    int closed = store.closeAllWatches("closed by a fault");
    log.info("Closed {} watches", closed);
    return closed;
  }

  /** Drops the retained history: watches from any earlier resourceVersion get 410 Gone. */
  public void expireHistory() {
    store.expireHistory();
    log.info("Expired the watch history at resourceVersion {}", store.currentRevision());
  }

  /** Answers 503 to every request, and closes every watch, for {@code duration}. */
  public void makeUnavailable(Duration duration) {
    unavailableUntilNanos = System.nanoTime() + duration.toNanos();
    store.closeAllWatches("API server unavailable");
    log.info("Unavailable for {}", duration);
  }

  @Override
  public void close() {
    store.closeAllWatches("API server stopping");
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("The simulated API server did not stop cleanly: {}", e.getMessage());
    }
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.startsWith(AdminEndpoint.PREFIX)) {
      admin.handle(request);
      return;
    }
    long unavailableFor = unavailableUntilNanos - System.nanoTime();
    if (unavailableFor > 0) {
      request
          .response()
          .putHeader(
              "Retry-After", String.valueOf(TimeUnit.NANOSECONDS.toSeconds(unavailableFor) + 1));
      Responses.error(
          request.response(),
          new ApiError(
              503, "ServiceUnavailable", "the simulated API server is unavailable (a fault)"));
      return;
    }
    try {
      if (request.method() == HttpMethod.GET && !path.startsWith("/api")) {
        serveOther(request, path);
        return;
      }
      var target = ResourcePath.parse(path);
      if (target.isEmpty()) {
        var document =
            request.method() == HttpMethod.GET ? discovery.answer(path) : Optional.empty();
        if (document.isEmpty()) {
          throw new ApiError(404, "NotFound", "the server could not find the requested resource");
        }
        Responses.json(
            request.response(),
            200,
            Serialization.asJson(document.get()).getBytes(StandardCharsets.UTF_8));
        return;
      }
      String contentType = request.getHeader("Content-Type");
      if (contentType != null && contentType.contains("protobuf")) {
        throw new ApiError(
            415,
            "UnsupportedMediaType",
            "the simulated cluster reads JSON only, not protobuf: pipe through"
                + " 'kubectl create ... --dry-run=client -o json | kubectl create -f -'");
      }
      if (request.method() == HttpMethod.GET) {
        // Before the request ends: a watch may upgrade it to a WebSocket.
        resources.handle(request, target.get(), new byte[0]);
      } else {
        withBody(request, body -> resources.handle(request, target.get(), body));
      }
    } catch (ApiError e) {
      Responses.error(request.response(), e);
    }
  }

  private void serveOther(HttpServerRequest request, String path) {
    if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
      request.response().putHeader("Content-Type", "text/plain").end("ok");
    } else if (path.startsWith("/openapi/v2")) {
      // An empty OpenAPI v2 document (an empty protobuf message): kubectl finds no schema to
      // validate against and sends objects as they are.
      request
          .response()
          .putHeader("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
          .end(Buffer.buffer());
    } else {
      var document = discovery.answer(path);
      if (document.isEmpty()) {
        throw new ApiError(404, "NotFound", "the server could not find the requested resource");
      }
      Responses.json(
          request.response(),
          200,
          Serialization.asJson(document.get()).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Reads the whole body (at most {@link #MAX_BODY}), then runs {@code handler} on it. */
  private static void withBody(
      HttpServerRequest request, java.util.function.Consumer<byte[]> handler) {
    Buffer body = Buffer.buffer();
    boolean[] tooLarge = {false};
    request.handler(
        chunk -> {
          if (tooLarge[0]) {
            return;
          }
          if (body.length() + chunk.length() > MAX_BODY) {
            tooLarge[0] = true;
            Responses.error(
                request.response(),
                new ApiError(
                    413, "RequestEntityTooLarge", "the request body is larger than 3 MiB"));
            return;
          }
          body.appendBuffer(chunk);
        });
    request.endHandler(
        v -> {
          if (tooLarge[0]) {
            return;
          }
          try {
            handler.accept(body.getBytes());
          } catch (ApiError e) {
            Responses.error(request.response(), e);
          } catch (RuntimeException e) {
            log.warn("A request to {} failed", request.path(), e);
            Responses.error(
                request.response(), new ApiError(500, "InternalError", "internal error: " + e));
          }
        });
  }
}
