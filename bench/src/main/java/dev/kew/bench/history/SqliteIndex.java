package dev.kew.bench.history;

import dev.kew.history.index.IndexedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store the history index was measured against: the same entries in SQLite (one table, indexes
 * for one object's history and for a namespace at a moment), written in batched transactions. Only
 * for {@code ./kew bench --only history}; the service uses Lucene (docs/history.md).
 */
final class SqliteIndex implements AutoCloseable {

  private final Path file;
  private final Connection db;
  private final PreparedStatement insert;

  SqliteIndex(Path file) throws SQLException {
    this.file = file;
    this.db = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = db.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA synchronous=OFF");
      s.execute(
          "CREATE TABLE events (cluster TEXT, kind TEXT, namespace TEXT, name TEXT, uid TEXT,"
              + " rv TEXT, type INTEGER, time INTEGER, part INTEGER, offs INTEGER, paths TEXT,"
              + " summary TEXT, managers TEXT)");
      s.execute("CREATE INDEX by_uid ON events (uid, time)");
      s.execute("CREATE INDEX by_namespace ON events (namespace, time)");
      s.execute("CREATE INDEX by_time ON events (time)");
    }
    db.setAutoCommit(false);
    insert = db.prepareStatement("INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
  }

  void add(List<IndexedEvent> batch) throws SQLException {
    for (IndexedEvent e : batch) {
      insert.setString(1, e.cluster());
      insert.setString(2, e.kind());
      insert.setString(3, e.namespace());
      insert.setString(4, e.name());
      insert.setString(5, e.uid());
      insert.setString(6, e.resourceVersion());
      insert.setInt(7, e.type().ordinal());
      insert.setLong(8, e.observedAt().toEpochMilli());
      insert.setInt(9, e.partition());
      insert.setLong(10, e.offset());
      insert.setString(11, String.join(",", e.changedPaths()));
      insert.setString(12, e.summary());
      insert.setString(13, e.changedBy().isEmpty() ? null : e.changedBy().get(0).manager());
      insert.addBatch();
    }
    insert.executeBatch();
    db.commit();
  }

  /** One object's newest {@code limit} events; answers how many were read. */
  int history(String uid, int limit) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT * FROM events WHERE uid = ? ORDER BY time DESC LIMIT " + limit)) {
      q.setString(1, uid);
      return count(q.executeQuery());
    }
  }

  /** The objects of a namespace that existed at {@code time}; answers how many. */
  int namespaceAt(String namespace, long time) throws SQLException {
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT e.* FROM events e JOIN (SELECT uid, MAX(time) t FROM events"
                + " WHERE namespace = ? AND time <= ? GROUP BY uid) l"
                + " ON e.uid = l.uid AND e.time = l.t WHERE e.type != 2 ORDER BY e.kind, e.name")) {
      q.setString(1, namespace);
      q.setLong(2, time);
      return count(q.executeQuery());
    }
  }

  long sizeOnDisk() throws Exception {
    long total = 0;
    for (String suffix : List.of("", "-wal", "-shm")) {
      Path p = Path.of(file + suffix);
      total += Files.exists(p) ? Files.size(p) : 0;
    }
    return total;
  }

  private static int count(ResultSet rows) throws SQLException {
    int n = 0;
    try (rows) {
      while (rows.next()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() throws SQLException {
    insert.close();
    db.close();
  }
}
