package dev.kew.consumer.sink;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Links into the history service's web UI ({@code --history-url}): a change's page, {@code
 * <url>/#/change/<partition>-<offset>}, and an object's, {@code <url>/#/object?uid=<uid>}. The base
 * URL is validated at start (http or https with a host); what comes from the topic (the uid) is
 * percent-encoded, so a link never holds a space, a quote, a bracket or a pipe of its own.
 *
 * @param base the history service's URL, such as {@code https://history.example.com/kew}
 */
public record HistoryLinks(URI base) {

  public HistoryLinks {
    Objects.requireNonNull(base, "base");
    if (!("http".equals(base.getScheme()) || "https".equals(base.getScheme()))
        || base.getHost() == null) {
      throw new IllegalArgumentException("history URL must be http(s) with a host: " + base);
    }
  }

  /** The page of the change whose record is at {@code record}. */
  public String change(RecordRef record) {
    return root() + "/#/change/" + record.partition() + "-" + record.offset();
  }

  /** The page of the object with {@code uid}. */
  public String object(String uid) {
    return root()
        + "/#/object?uid="
        + URLEncoder.encode(uid, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private String root() {
    String text = base.toString();
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '/') {
      end--;
    }
    return text.substring(0, end);
  }
}
