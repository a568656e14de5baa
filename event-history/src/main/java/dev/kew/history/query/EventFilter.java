package dev.kew.history.query;

import dev.kew.history.index.EventDocument;
import dev.kew.model.EventType;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;

/**
 * Which events a request is about. Every given filter must hold; within one filter, any of its
 * values. Empty lists and {@code null} values do not filter.
 *
 * @param clusters cluster names
 * @param kinds kinds, without regard to case
 * @param namespaces namespaces
 * @param name an object name, or a glob of one ({@code web-*}, {@code db-?})
 * @param uid one object's uid
 * @param types event types
 * @param labelSelector a Kubernetes label selector over the object's labels at that event
 * @param paths changed paths: a change at the path or below it ({@code spec} matches {@code
 *     spec.replicas}); array indices are written {@code *}
 * @param managers field managers in {@code changedBy} ({@code kubectl-edit})
 * @param from the earliest {@code observedAt}, inclusive, or {@code null}
 * @param to the latest {@code observedAt}, inclusive, or {@code null}
 */
public record EventFilter(
    List<String> clusters,
    List<String> kinds,
    List<String> namespaces,
    String name,
    String uid,
    List<EventType> types,
    String labelSelector,
    List<String> paths,
    List<String> managers,
    Instant from,
    Instant to) {

  /** No filter: every event. */
  public static final EventFilter ALL =
      new EventFilter(
          List.of(), List.of(), List.of(), null, null, List.of(), null, List.of(), List.of(), null,
          null);

  public EventFilter {
    clusters = List.copyOf(clusters);
    kinds = List.copyOf(kinds);
    namespaces = List.copyOf(namespaces);
    types = List.copyOf(types);
    paths = List.copyOf(paths);
    managers = List.copyOf(managers);
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
    }
  }

  /** One object's events, by uid. */
  public static EventFilter uid(String uid) {
    return new EventFilter(
        List.of(), List.of(), List.of(), null, uid, List.of(), null, List.of(), List.of(), null,
        null);
  }

  /** The same filter over {@code [from, to]}. */
  public EventFilter between(Instant from, Instant to) {
    return new EventFilter(
        clusters, kinds, namespaces, name, uid, types, labelSelector, paths, managers, from, to);
  }

  /** The same filter for one exact object name, in place of {@link #name}. */
  public EventFilter named(String exactName) {
    return new EventFilter(
        clusters,
        kinds,
        namespaces,
        exactName == null ? null : exactName.replaceAll("([*?\\\\])", "\\\\$1"),
        uid,
        types,
        labelSelector,
        paths,
        managers,
        from,
        to);
  }

  /**
   * The Lucene query of this filter.
   *
   * @throws IllegalArgumentException when the label selector is not valid
   */
  public Query toQuery() {
    BooleanQuery.Builder query =
        new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
    anyOf(query, EventDocument.CLUSTER, clusters, Function.identity());
    anyOf(query, EventDocument.KIND, kinds, EventDocument::kindTerm);
    anyOf(query, EventDocument.NAMESPACE, namespaces, Function.identity());
    anyOf(query, EventDocument.TYPE, types, EventType::name);
    anyOf(query, EventDocument.PATH, paths, Function.identity());
    anyOf(query, EventDocument.MANAGER, managers, Function.identity());
    if (uid != null) {
      query.add(new TermQuery(new Term(EventDocument.UID, uid)), Occur.FILTER);
    }
    if (name != null) {
      query.add(nameQuery(name), Occur.FILTER);
    }
    if (labelSelector != null && !labelSelector.isBlank()) {
      query.add(LabelSelectorQuery.of(labelSelector), Occur.FILTER);
    }
    if (from != null || to != null) {
      query.add(
          LongPoint.newRangeQuery(
              EventDocument.TIME,
              from == null ? Long.MIN_VALUE : from.toEpochMilli(),
              to == null ? Long.MAX_VALUE : to.toEpochMilli()),
          Occur.FILTER);
    }
    return query.build();
  }

  private static Query nameQuery(String glob) {
    return new WildcardQuery(new Term(EventDocument.NAME, glob));
  }

  private static <T> void anyOf(
      BooleanQuery.Builder query, String field, List<T> values, Function<T, String> term) {
    if (values.isEmpty()) {
      return;
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    values.forEach(v -> any.add(new TermQuery(new Term(field, term.apply(v))), Occur.SHOULD));
    query.add(any.build(), Occur.FILTER);
  }
}
