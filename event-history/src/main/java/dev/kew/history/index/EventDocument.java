package dev.kew.history.index;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import dev.kew.model.FieldManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene form of an {@link IndexableEvent}: which fields are indexed for filters, which carry
 * doc values for sorting and grouping, and the stored entry the answers are read from.
 */
public final class EventDocument {

  public static final String CLUSTER = "cluster";
  public static final String KIND = "kind";
  public static final String NAMESPACE = "namespace";
  public static final String NAME = "name";
  public static final String UID = "uid";
  public static final String TYPE = "type";
  public static final String LABEL = "label";
  public static final String PATH = "path";
  public static final String MANAGER = "manager";
  public static final String TIME = "time";
  public static final String PARTITION = "partition";
  public static final String OFFSET = "offset";
  public static final String SEQ = "seq";

  /** Doc values only: {@code kind NUL namespace NUL name}, to sort objects by identity. */
  public static final String IDENTITY = "identity";

  private static final String ENTRY = "entry";

  /** Newest first; records of the same millisecond by partition and offset, also descending. */
  public static final Sort NEWEST_FIRST =
      new Sort(
          new SortField(TIME, SortField.Type.LONG, true),
          new SortField(PARTITION, SortField.Type.INT, true),
          new SortField(OFFSET, SortField.Type.LONG, true));

  /** In the order this instance indexed them. */
  public static final Sort INDEX_ORDER = new Sort(new SortField(SEQ, SortField.Type.LONG));

  private static final Set<String> STORED = Set.of(ENTRY);

  private static final ObjectWriter WRITER = EventCodec.mapper().writerFor(IndexedEvent.class);
  private static final ObjectReader READER = EventCodec.mapper().readerFor(IndexedEvent.class);

  private EventDocument() {}

  /** Kinds are matched without regard to case. */
  public static String kindTerm(String kind) {
    return kind.toLowerCase(Locale.ROOT);
  }

  /** The key objects sort by: kind, namespace, name. */
  public static String identity(IndexedEvent e) {
    return e.kind() + '\0' + (e.namespace() == null ? "" : e.namespace()) + '\0' + e.name();
  }

  /** The document of {@code indexable}, the {@code seq}-th this instance indexed. */
  public static Document of(IndexableEvent indexable, long seq) {
    IndexedEvent e = indexable.event();
    Document doc = new Document();
    keyword(doc, CLUSTER, e.cluster());
    keyword(doc, KIND, kindTerm(e.kind()));
    if (e.namespace() != null) {
      keyword(doc, NAMESPACE, e.namespace());
    }
    keyword(doc, NAME, e.name());
    keyword(doc, UID, e.uid());
    doc.add(new SortedDocValuesField(UID, new BytesRef(e.uid())));
    doc.add(new SortedDocValuesField(IDENTITY, new BytesRef(identity(e))));
    keyword(doc, TYPE, e.type().name());
    doc.add(new NumericDocValuesField(TYPE, e.type().ordinal()));
    for (Map.Entry<String, String> label : indexable.labels().entrySet()) {
      keyword(doc, LABEL, label.getKey());
      keyword(doc, LABEL, label.getKey() + "=" + label.getValue());
    }
    for (String path : e.changedPaths()) {
      for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
        keyword(doc, PATH, path.substring(0, dot));
      }
      keyword(doc, PATH, path);
    }
    for (FieldManager manager : e.changedBy()) {
      keyword(doc, MANAGER, manager.manager());
    }
    long time = e.observedAt().toEpochMilli();
    doc.add(new LongPoint(TIME, time));
    doc.add(new NumericDocValuesField(TIME, time));
    doc.add(new IntPoint(PARTITION, e.partition()));
    doc.add(new NumericDocValuesField(PARTITION, e.partition()));
    doc.add(new LongPoint(OFFSET, e.offset()));
    doc.add(new NumericDocValuesField(OFFSET, e.offset()));
    doc.add(new LongPoint(SEQ, seq));
    doc.add(new NumericDocValuesField(SEQ, seq));
    try {
      doc.add(new StoredField(ENTRY, WRITER.writeValueAsBytes(e)));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return doc;
  }

  /** The entry stored in {@code doc}. */
  private static IndexedEvent entry(Document doc) {
    BytesRef bytes = doc.getBinaryValue(ENTRY);
    try {
      return READER.readValue(bytes.bytes, bytes.offset, bytes.length);
    } catch (IOException e) {
      throw new UncheckedIOException("Unreadable index entry", e);
    }
  }

  /**
   * The entries of {@code docs} (numbers in {@code searcher}'s reader), in that order. They are
   * read in document order through one reader of stored fields, so entries that share a compressed
   * block decompress it once.
   */
  public static List<IndexedEvent> entries(IndexSearcher searcher, int... docs) throws IOException {
    StoredFields stored = searcher.storedFields();
    Integer[] order = new Integer[docs.length];
    for (int i = 0; i < docs.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> docs[i]));
    IndexedEvent[] out = new IndexedEvent[docs.length];
    for (int i : order) {
      out[i] = entry(stored.document(docs[i], STORED));
    }
    return Arrays.asList(out);
  }

  /** The type recorded in the doc values of {@link #TYPE}. */
  public static EventType type(long ordinal) {
    return EventType.values()[(int) ordinal];
  }

  private static void keyword(Document doc, String field, String value) {
    doc.add(new StringField(field, value, Field.Store.NO));
  }
}
