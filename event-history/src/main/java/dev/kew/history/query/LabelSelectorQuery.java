package dev.kew.history.query;

import dev.kew.history.index.EventDocument;
import dev.kew.model.LabelSelector;
import dev.kew.model.LabelSelector.Requirement;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * A Kubernetes label selector, parsed by event-model's {@link LabelSelector} as the producer and
 * the consumer parse it, as a query over the label terms the index keeps per event ({@code key} and
 * {@code key=value}): every requirement must hold, as on the API server.
 */
final class LabelSelectorQuery {

  private LabelSelectorQuery() {}

  /**
   * The query of {@code selector}.
   *
   * @throws IllegalArgumentException naming the part that is not selector syntax, or a comparison
   *     ({@code key>N}, {@code key<N}), which the index's label terms cannot answer
   */
  static Query of(String selector) {
    BooleanQuery.Builder all =
        new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
    for (Requirement requirement : LabelSelector.parse(selector).requirements()) {
      String key = requirement.key();
      switch (requirement.operator()) {
        case EQUALS -> all.add(anyOf(requirement), Occur.FILTER);
        case NOT_EQUALS -> all.add(anyOf(requirement), Occur.MUST_NOT);
        case IN -> all.add(anyOf(requirement), Occur.FILTER);
        case NOT_IN -> all.add(anyOf(requirement), Occur.MUST_NOT);
        case EXISTS -> all.add(label(key), Occur.FILTER);
        case DOES_NOT_EXIST -> all.add(label(key), Occur.MUST_NOT);
        case GREATER_THAN, LESS_THAN ->
            throw new IllegalArgumentException(
                "label selector '"
                    + selector
                    + "': the history cannot compare numbers (key>N, key<N); use key=value,"
                    + " key!=value, key in (a,b), key notin (a,b), key or !key");
      }
    }
    return all.build();
  }

  /** Events whose label {@code key} has one of the requirement's values. */
  private static Query anyOf(Requirement requirement) {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    for (String value : requirement.values()) {
      any.add(label(requirement.key() + "=" + value), Occur.SHOULD);
    }
    return any.build();
  }

  private static Query label(String term) {
    return new TermQuery(new Term(EventDocument.LABEL, term));
  }
}
