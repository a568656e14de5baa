package dev.kew.history.query;

import dev.kew.history.index.EventDocument;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * A Kubernetes label selector ({@code app=web,tier!=cache,env in (prod,stage),!canary}) as a query
 * over the label terms the index keeps per event ({@code key} and {@code key=value}): every
 * requirement must hold, as on the API server.
 */
final class LabelSelectorQuery {

  private static final Pattern REQUIREMENT =
      Pattern.compile(
          "\\s*(?:(?<not>!)\\s*(?<absent>[^\\s=!(),]+)"
              + "|(?<key>[^\\s=!(),]+)\\s*(?:(?<op>==|=|!=)\\s*(?<value>[^\\s=!(),]*)"
              + "|\\s(?<set>in|notin)\\s*\\((?<values>[^()]*)\\))?)\\s*(?:,|$)");

  private LabelSelectorQuery() {}

  /**
   * The query of {@code selector}.
   *
   * @throws IllegalArgumentException naming the part that is not selector syntax
   */
  static Query of(String selector) {
    BooleanQuery.Builder all =
        new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
    Matcher m = REQUIREMENT.matcher(selector);
    int at = 0;
    while (at < selector.length()) {
      m.region(at, selector.length());
      if (!m.lookingAt() || m.end() == at) {
        throw new IllegalArgumentException(
            "label selector '"
                + selector
                + "' is not valid at '"
                + selector.substring(at)
                + "': use key=value, key!=value, key in (a,b), key notin (a,b), key or !key");
      }
      at = m.end();
      if (m.group("absent") != null) {
        all.add(label(m.group("absent")), Occur.MUST_NOT);
      } else if (m.group("op") != null) {
        Query equal = label(m.group("key") + "=" + m.group("value"));
        all.add(equal, m.group("op").equals("!=") ? Occur.MUST_NOT : Occur.FILTER);
      } else if (m.group("set") != null) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String value : m.group("values").split(",")) {
          any.add(label(m.group("key") + "=" + value.trim()), Occur.SHOULD);
        }
        all.add(any.build(), m.group("set").equals("in") ? Occur.FILTER : Occur.MUST_NOT);
      } else {
        all.add(label(m.group("key")), Occur.FILTER);
      }
    }
    return all.build();
  }

  private static Query label(String term) {
    return new TermQuery(new Term(EventDocument.LABEL, term));
  }
}
