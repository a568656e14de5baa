package dev.kew.history.query;

import dev.kew.history.index.EventDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;

/**
 * Visits every event matching a query through its doc values (time, type, partition, offset, uid),
 * never loading stored entries: the scan behind timelines, histograms and snapshots.
 */
final class Matches {

  /** One matching event, valid only during the call. */
  interface Visitor {
    void visit(Hit hit) throws IOException;
  }

  /** The doc values of the current event. */
  static final class Hit {
    private LeafReaderContext leaf;
    private int doc;
    private NumericDocValues time;
    private NumericDocValues type;
    private NumericDocValues partition;
    private NumericDocValues offset;
    private SortedDocValues uid;

    /** The event's document number in the whole index. */
    int globalDoc() {
      return leaf.docBase + doc;
    }

    long timeMillis() throws IOException {
      return value(time);
    }

    int typeOrdinal() throws IOException {
      return (int) value(type);
    }

    int partition() throws IOException {
      return (int) value(partition);
    }

    long offset() throws IOException {
      return value(offset);
    }

    /** The uid, as a string (interned per call: keep it only when needed). */
    String uid() throws IOException {
      if (!uid.advanceExact(doc)) {
        throw new IllegalStateException("event without uid doc values");
      }
      return uid.lookupOrd(uid.ordValue()).utf8ToString();
    }

    private long value(NumericDocValues values) throws IOException {
      if (!values.advanceExact(doc)) {
        throw new IllegalStateException("event without doc values");
      }
      return values.longValue();
    }
  }

  private Matches() {}

  /** Calls {@code visitor} for every event matching {@code query}, in index order. */
  static void scan(IndexSearcher searcher, Query query, Visitor visitor) {
    try {
      Weight weight =
          searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
      Hit hit = new Hit();
      for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
        Scorer scorer = weight.scorer(leaf);
        if (scorer == null) {
          continue;
        }
        hit.leaf = leaf;
        hit.time = DocValues.getNumeric(leaf.reader(), EventDocument.TIME);
        hit.type = DocValues.getNumeric(leaf.reader(), EventDocument.TYPE);
        hit.partition = DocValues.getNumeric(leaf.reader(), EventDocument.PARTITION);
        hit.offset = DocValues.getNumeric(leaf.reader(), EventDocument.OFFSET);
        hit.uid = DocValues.getSorted(leaf.reader(), EventDocument.UID);
        DocIdSetIterator docs = scorer.iterator();
        var live = leaf.reader().getLiveDocs();
        for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
          if (live != null && !live.get(doc)) {
            continue;
          }
          hit.doc = doc;
          visitor.visit(hit);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot search the history index", e);
    }
  }
}
