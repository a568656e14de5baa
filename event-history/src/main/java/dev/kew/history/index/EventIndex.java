package dev.kew.history.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;

/**
 * The history index on local disk (Lucene): one document per event, and in each commit the read
 * position per partition of the topic it was built from, so the index and its position always
 * agree. Deleting the directory rebuilds it from the topic.
 *
 * <p>One thread writes ({@link #add}, {@link #commit}, {@link #deleteBelow}); any thread searches
 * through {@link #acquire}/{@link #release}.
 */
public final class EventIndex implements AutoCloseable {

  private static final String TOPIC_KEY = "topic";
  private static final String SEQ_KEY = "seq";
  private static final String POSITION_PREFIX = "position.";

  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Map<Integer, Long> positions = new TreeMap<>();
  private final String topic;
  private long seq;

  private EventIndex(IndexWriter writer, String topic) throws IOException {
    this.writer = writer;
    this.topic = topic;
    this.searchers = new SearcherManager(writer, null);
    Map<String, String> data = new HashMap<>();
    if (writer.getLiveCommitData() != null) {
      writer.getLiveCommitData().forEach(e -> data.put(e.getKey(), e.getValue()));
    }
    if (!data.isEmpty() && !topic.equals(data.get(TOPIC_KEY))) {
      writer.deleteAll();
    } else {
      data.forEach(
          (key, value) -> {
            if (key.startsWith(POSITION_PREFIX)) {
              positions.put(
                  Integer.parseInt(key.substring(POSITION_PREFIX.length())), Long.parseLong(value));
            }
          });
      seq = Long.parseLong(data.getOrDefault(SEQ_KEY, "0"));
    }
  }

  /**
   * Opens (or creates) the index of {@code topic} in {@code dir}. An index built from another topic
   * is emptied.
   *
   * @param ramBufferMb memory for documents not yet flushed to segments
   */
  public static EventIndex open(Path dir, String topic, double ramBufferMb) {
    try {
      IndexWriterConfig config =
          new IndexWriterConfig()
              .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
              .setRAMBufferSizeMB(ramBufferMb)
              .setCodec(new Lucene912Codec(Lucene912Codec.Mode.BEST_COMPRESSION))
              .setCommitOnClose(false);
      return new EventIndex(new IndexWriter(FSDirectory.open(dir), config), topic);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the history index in " + dir, e);
    }
  }

  /** The committed read position of each partition: the next offset to index. */
  public synchronized Map<Integer, Long> positions() {
    return Collections.unmodifiableMap(new TreeMap<>(positions));
  }

  /**
   * Reserves {@code count} sequence numbers, in the order events are read, for {@link #add}.
   *
   * @return the first of them
   */
  public synchronized long reserve(int count) {
    long first = seq + 1;
    seq += count;
    return first;
  }

  /**
   * Adds an event under a sequence number from {@link #reserve}; visible to searches after {@link
   * #refresh}, durable after {@link #commit}. Several threads may add at once.
   */
  public void add(IndexableEvent event, long seqNumber) {
    try {
      writer.addDocument(EventDocument.of(event, seqNumber));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write to the history index", e);
    }
  }

  /** Moves the read positions past what was added; durable after {@link #commit}. */
  public synchronized void advance(Map<Integer, Long> nextPositions) {
    positions.putAll(nextPositions);
  }

  /** Removes the events of {@code partition} below {@code offset} (gone from the topic). */
  public void deleteBelow(int partition, long offset) {
    try {
      writer.deleteDocuments(
          new BooleanQuery.Builder()
              .add(
                  IntPoint.newExactQuery(EventDocument.PARTITION, partition),
                  BooleanClause.Occur.FILTER)
              .add(
                  LongPoint.newRangeQuery(EventDocument.OFFSET, Long.MIN_VALUE, offset - 1),
                  BooleanClause.Occur.FILTER)
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete from the history index", e);
    }
  }

  /** Forgets everything: the events and the read positions (the topic was recreated). */
  public void clear() {
    try {
      writer.deleteAll();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear the history index", e);
    }
    synchronized (this) {
      positions.clear();
    }
  }

  /** Makes added and deleted events visible to searches. */
  public void refresh() {
    try {
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot refresh the history index", e);
    }
  }

  /** Makes the events and the positions durable, together. */
  public void commit() {
    Map<String, String> data = new HashMap<>();
    data.put(TOPIC_KEY, topic);
    synchronized (this) {
      positions.forEach((p, o) -> data.put(POSITION_PREFIX + p, Long.toString(o)));
      data.put(SEQ_KEY, Long.toString(seq));
    }
    writer.setLiveCommitData(data.entrySet());
    try {
      writer.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot commit the history index", e);
    }
  }

  /** The last sequence number given to an event by this index. */
  public synchronized long lastSeq() {
    return seq;
  }

  /** A searcher over what was last refreshed; hand it back with {@link #release}. */
  public IndexSearcher acquire() {
    try {
      return searchers.acquire();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void release(IndexSearcher searcher) {
    try {
      searchers.release(searcher);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Events in the index, as of the last refresh. */
  public int count() {
    IndexSearcher searcher = acquire();
    try {
      return searcher.count(new MatchAllDocsQuery());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      release(searcher);
    }
  }

  /** Bytes the index takes on disk. */
  public long sizeOnDisk() {
    try {
      long total = 0;
      for (String file : writer.getDirectory().listAll()) {
        try {
          total += writer.getDirectory().fileLength(file);
        } catch (java.nio.file.NoSuchFileException gone) {
          // merged away meanwhile
        }
      }
      return total;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits and closes. */
  @Override
  public void close() {
    try {
      commit();
      searchers.close();
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the history index", e);
    }
  }
}
