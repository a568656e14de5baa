package dev.kew.history.api;

import dev.kew.history.index.EventIndex;
import dev.kew.history.objects.RecordReader;
import dev.kew.history.query.HistoryQueries;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history service's HTTP server (Javalin): the JSON API under {@code /api/v1}, its OpenAPI
 * document, the live stream, and the web UI's static files from the jar. With a token, every {@code
 * /api} request must carry it ({@code Authorization: Bearer}); answers never cache and never sniff.
 */
public final class HistoryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(HistoryServer.class);

  /** Where the OpenAPI document is served. */
  public static final String OPENAPI_PATH = "/api/openapi.yaml";

  /**
   * What the server needs.
   *
   * @param host the address to bind, {@code 127.0.0.1} outside a container
   * @param port the port; 0 picks a free one
   * @param token the bearer token every API request must carry, or {@code null} for none
   * @param maxStreams most live streams at once
   */
  public record Settings(String host, int port, String token, int maxStreams) {}

  private final Javalin app;
  private final LiveStream live;

  private HistoryServer(Javalin app, LiveStream live) {
    this.app = app;
    this.live = live;
  }

  /** Starts serving. */
  public static HistoryServer start(
      Settings settings,
      String topic,
      EventIndex index,
      RecordReader records,
      BooleanSupplier caughtUp,
      LongSupplier skipped,
      Clock clock) {
    HistoryQueries queries = new HistoryQueries(index);
    HistoryApi api = new HistoryApi(topic, index, queries, records, caughtUp, skipped);
    LiveStream live = new LiveStream(index, queries, settings.maxStreams());
    byte[] openapi = resource("/openapi.yaml");
    Javalin app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.jetty.host = settings.host();
              config.jetty.port = settings.port();
              config.staticFiles.add("/public", Location.CLASSPATH);
              config.staticFiles.enableWebjars();
              config.routes.before(HistoryServer::securityHeaders);
              if (settings.token() != null) {
                config.routes.before("/api/*", ctx -> requireToken(ctx, settings.token()));
              }
              config.routes.get(
                  OPENAPI_PATH, ctx -> ctx.contentType("application/yaml").result(openapi));
              Function<Function<ApiRequest, Object>, Handler> json =
                  route -> ctx -> answer(ctx, route.apply(new ApiRequest(ctx, clock)));
              config.routes.get("/api/v1/events", json.apply(api::events));
              config.routes.get("/api/v1/events/{ref}", ctx -> answer(ctx, api.change(ctx)));
              config.routes.get("/api/v1/history", json.apply(api::history));
              config.routes.get(
                  "/api/v1/state",
                  ctx -> {
                    HistoryApi.ObjectState state = api.state(new ApiRequest(ctx, clock));
                    if ("yaml".equals(ctx.queryParam("format"))) {
                      ctx.contentType("application/yaml; charset=utf-8")
                          .result(ApiJson.yaml(state.object()));
                    } else {
                      answer(ctx, state);
                    }
                  });
              config.routes.get("/api/v1/diff", json.apply(api::diff));
              config.routes.get("/api/v1/snapshot", json.apply(api::snapshot));
              config.routes.get("/api/v1/snapshot/compare", json.apply(api::compare));
              config.routes.get("/api/v1/timeline", json.apply(api::timeline));
              config.routes.get("/api/v1/histogram", json.apply(api::histogram));
              config.routes.get("/api/v1/status", ctx -> answer(ctx, api.status()));
              config.routes.sse(
                  "/api/v1/stream",
                  client -> {
                    ApiRequest request = new ApiRequest(client.ctx(), clock);
                    String lastId = client.ctx().header("Last-Event-ID");
                    live.serve(
                        client,
                        request.filter(),
                        lastId != null ? lastId : request.text("after"),
                        request.number("backlog", 0, 0, HistoryQueries.MAX_PAGE));
                  });
              config.routes.exception(
                  BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
              config.routes.exception(
                  IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
              config.routes.exception(NotFound.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    log.warn("{} {} failed", ctx.method(), ctx.path(), e);
                    error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
                  });
            });
    app.start();
    log.info("History service on http://{}:{}/", settings.host(), app.port());
    return new HistoryServer(app, live);
  }

  /** The port served. */
  public int port() {
    return app.port();
  }

  /** What the indexer calls after each batch, to wake the live streams. */
  public LongConsumer onIndexed() {
    return live;
  }

  @Override
  public void close() {
    app.stop();
  }

  private static void answer(Context ctx, Object value) {
    ctx.contentType("application/json; charset=utf-8").result(ApiJson.bytes(value));
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status);
    answer(ctx, Map.of("error", message));
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:;"
            + " style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none';"
            + " base-uri 'none'; form-action 'self'");
    if (ctx.path().startsWith("/api/")) {
      ctx.header("Cache-Control", "no-store");
    }
  }

  private static void requireToken(Context ctx, String token) {
    String header = ctx.header("Authorization");
    String given = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
    if (!MessageDigest.isEqual(
        given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"kew-history\"");
      error(ctx, 401, "a bearer token is required (Authorization: Bearer TOKEN)");
      ctx.skipRemainingHandlers();
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = HistoryServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
