package dev.kew.bench.history;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;

/** The history service's HTTP API as a user's client asks it (the JDK's), timed. */
record HistoryHttp(int port, HttpClient http) {

  HistoryHttp(int port) {
    this(port, HttpClient.newHttpClient());
  }

  /** p99 in milliseconds of {@code count} GETs of the paths {@code path} gives, each read whole. */
  double p99(int count, Supplier<String> path) throws Exception {
    return P99.of(
        count,
        () -> {
          String asked = path.get();
          HttpResponse<byte[]> r =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + asked)).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() != 200) {
            throw new IllegalStateException(asked + " answered " + r.statusCode());
          }
          return r.body().length;
        });
  }
}
