package dev.kew.local.cluster.api;

import dev.kew.local.cluster.store.Subscription;
import dev.kew.local.cluster.store.WatchEvent;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a watch's events to its client, as kube-apiserver does: over chunked HTTP one JSON event
 * per line ({@code kubectl get -w}, client-go, the Python client), or over a WebSocket one event
 * per text message (fabric8). Events are written only while the connection takes them; the rest
 * wait in the {@link Subscription}, which closes the watch when its client falls too far behind.
 */
final class WatchStream {

  /** Bytes a connection may have unsent before the stream waits for it to drain. */
  private static final int WRITE_QUEUE = 256 * 1024;

  private interface Sink {
    boolean full();

    void write(byte[] event);

    void end();

    void onDrain(Runnable action);
  }

  private final Subscription subscription;
  private final Sink sink;
  private final Context context;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private boolean ended;

  private WatchStream(Subscription subscription, Sink sink, Context context) {
    this.subscription = subscription;
    this.sink = sink;
    this.context = context;
  }

  static void overHttp(HttpServerResponse response, Subscription subscription, Context context) {
    response.setStatusCode(200);
    response.putHeader("Content-Type", "application/json");
    response.setChunked(true);
    response.setWriteQueueMaxSize(WRITE_QUEUE);
    WatchStream stream =
        new WatchStream(
            subscription,
            new Sink() {
              @Override
              public boolean full() {
                return response.writeQueueFull();
              }

              @Override
              public void write(byte[] event) {
                Buffer line =
                    Buffer.buffer(event.length + 1).appendBytes(event).appendByte((byte) '\n');
                response.write(line);
              }

              @Override
              public void end() {
                response.end();
              }

              @Override
              public void onDrain(Runnable action) {
                response.drainHandler(v -> action.run());
              }
            },
            context);
    response.closeHandler(v -> stream.stop());
    response.exceptionHandler(e -> stream.stop());
    stream.start();
  }

  static void overWebSocket(ServerWebSocket socket, Subscription subscription, Context context) {
    socket.setWriteQueueMaxSize(WRITE_QUEUE);
    WatchStream stream =
        new WatchStream(
            subscription,
            new Sink() {
              @Override
              public boolean full() {
                return socket.writeQueueFull();
              }

              @Override
              public void write(byte[] event) {
                socket.writeTextMessage(new String(event, StandardCharsets.UTF_8));
              }

              @Override
              public void end() {
                socket.close((short) 1000, "watch closed");
              }

              @Override
              public void onDrain(Runnable action) {
                socket.drainHandler(v -> action.run());
              }
            },
            context);
    socket.closeHandler(v -> stream.stop());
    socket.exceptionHandler(e -> stream.stop());
    socket.handler(ignored -> {});
    stream.start();
  }

  private void start() {
    subscription.onReady(this::schedule);
  }

  /** Called from any thread (a writer, a timer): pumps on the connection's event loop. */
  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(
          v -> {
            scheduled.set(false);
            pump();
          });
    }
  }

  private void pump() {
    if (ended) {
      return;
    }
    while (!sink.full()) {
      WatchEvent event = subscription.poll();
      if (event == null) {
        if (subscription.finished()) {
          ended = true;
          subscription.close();
          sink.end();
        }
        return;
      }
      sink.write(event.toJson());
    }
    sink.onDrain(this::schedule);
  }

  private void stop() {
    ended = true;
    subscription.close();
  }
}
