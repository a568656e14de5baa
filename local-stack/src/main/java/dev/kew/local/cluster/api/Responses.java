package dev.kew.local.cluster.api;

import dev.kew.local.cluster.store.ApiError;
import dev.kew.local.cluster.store.Listing;
import dev.kew.local.cluster.store.ResourceType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;

/** How the simulated API server answers: JSON objects, {@code Status} errors, streamed lists. */
final class Responses {

  /** Bytes of list items gathered into one write. */
  private static final int LIST_CHUNK = 256 * 1024;

  private Responses() {}

  static void json(HttpServerResponse response, int code, byte[] json) {
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(code)
        .putHeader("Content-Type", "application/json")
        .end(Buffer.buffer(json));
  }

  static void error(HttpServerResponse response, ApiError error) {
    json(response, error.code(), error.statusJson());
  }

  /**
   * Streams a list as {@code {"kind":"PodList","apiVersion":"v1","items":[...],"metadata":{...}}}:
   * the items straight from the store's bytes, written as fast as the client reads them (a list of
   * 100,000 objects is never held in memory), then the snapshot's resourceVersion and {@code
   * continue}.
   */
  static void list(HttpServerResponse response, ResourceType type, Listing listing) {
    response
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .setChunked(true)
        .setWriteQueueMaxSize(4 * LIST_CHUNK);
    response.closeHandler(v -> listing.close());
    response.write(
        "{\"kind\":\""
            + type.listKind()
            + "\",\"apiVersion\":\""
            + type.apiVersion()
            + "\",\"items\":[");
    new Object() {
      boolean first = true;

      void pump() {
        if (response.ended()) {
          return; // a drain signalled after the last write
        }
        while (!response.writeQueueFull()) {
          if (response.closed()) {
            listing.close();
            return;
          }
          Buffer chunk = Buffer.buffer(LIST_CHUNK + 1024);
          while (chunk.length() < LIST_CHUNK && listing.hasNext()) {
            if (!first) {
              chunk.appendByte((byte) ',');
            }
            first = false;
            chunk.appendBytes(listing.next());
          }
          if (!listing.hasNext()) {
            String continueToken = listing.continueToken();
            chunk.appendString(
                "],\"metadata\":{\"resourceVersion\":\""
                    + listing.revision()
                    + "\""
                    + (continueToken == null ? "" : ",\"continue\":\"" + continueToken + "\"")
                    + "}}",
                StandardCharsets.UTF_8.name());
            listing.close();
            response.end(chunk);
            return;
          }
          response.write(chunk);
        }
        response.drainHandler(v -> pump());
      }
    }.pump();
  }
}
