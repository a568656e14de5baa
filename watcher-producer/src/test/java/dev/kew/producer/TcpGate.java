package dev.kew.producer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on 127.0.0.1 in front of a local port that can hold traffic the way a bad network
 * does: {@link #pause()} holds every byte until {@link #resume()}; {@link #freezeWatches()} makes
 * the server's side of the open watch connections go silent for good while they stay open (a
 * half-open watch), and new connections still work. It forwards raw bytes, so HTTP and WebSocket
 * watches alike pass.
 */
final class TcpGate implements AutoCloseable {

  private final int target;
  private final ServerSocket server;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile boolean paused;
  private volatile boolean closed;

  TcpGate(int target) throws IOException {
    this.target = target;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "tcp-gate-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT/}. */
  String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  void pause() {
    paused = true;
  }

  void resume() {
    signal(() -> paused = false);
  }

  /** The watch connections open now forward nothing any more; they stay open. */
  void freezeWatches() {
    signal(() -> connections.stream().filter(c -> c.watch).forEach(c -> c.frozen = true));
  }

  @Override
  public void close() throws IOException {
    signal(() -> closed = true);
    server.close();
    for (Connection connection : connections) {
      connection.close();
    }
  }

  private void signal(Runnable change) {
    lock.lock();
    try {
      change.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        Connection connection = new Connection(client, upstream);
        connections.add(connection);
        pump(connection, client.getInputStream(), upstream.getOutputStream(), true);
        pump(connection, upstream.getInputStream(), client.getOutputStream(), false);
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException("TCP gate failed", e);
        }
      }
    }
  }

  private void pump(Connection connection, InputStream in, OutputStream out, boolean request) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  if (request
                      && new String(buffer, 0, read, StandardCharsets.ISO_8859_1)
                          .contains("watch=true")) {
                    connection.watch = true;
                  }
                  if (!awaitOpen(connection, request)) {
                    break;
                  }
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // the connection ends
              }
              connection.close();
            },
            "tcp-gate-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Waits while the gate holds this direction of the connection (a frozen watch still takes the
   * client's bytes, the server's answer never comes); false once it should close.
   */
  private boolean awaitOpen(Connection connection, boolean request) throws InterruptedException {
    lock.lock();
    try {
      while (!closed && !connection.closed && (paused || !request && connection.frozen)) {
        changed.await();
      }
      return !closed && !connection.closed;
    } finally {
      lock.unlock();
    }
  }

  private final class Connection {
    private final Socket client;
    private final Socket upstream;
    private volatile boolean watch;
    private volatile boolean frozen;
    private volatile boolean closed;

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void close() {
      signal(() -> closed = true);
      try {
        client.close();
        upstream.close();
      } catch (IOException e) {
        // already closed
      }
      connections.remove(this);
    }
  }
}
