package dev.kew.consumer.sink.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.DigestSink;
import dev.kew.consumer.sink.Secret;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.consumer.sink.chat.ChatDigest;
import dev.kew.consumer.sink.http.HttpPost;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Posts to a Slack incoming webhook: {@code {"text": "..."}} in Slack's mrkdwn, one message per
 * event or per digest of events.
 */
public final class SlackSink implements DigestSink {

  static final ChatDigest.Markup MRKDWN =
      new ChatDigest.Markup() {
        @Override
        public String bold(String text) {
          return "*" + text + "*";
        }

        @Override
        public String code(String text) {
          return "`" + text + "`";
        }

        @Override
        public String escape(String text) {
          return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
      };

  private final HttpPost http;
  private final Summarizer summaries;

  public SlackSink(Secret url, Duration timeout, Summarizer summaries, Clock clock) {
    this.http = new HttpPost(url, timeout, clock);
    this.summaries = summaries;
  }

  @Override
  public Delivery deliverDigest(List<ChangeEvent> events) {
    return http.post(HttpPost.utf8(message(events, summaries)), "application/json", Map.of());
  }

  /** The JSON body for {@code events}. */
  static String message(List<ChangeEvent> events, Summarizer summaries) {
    ObjectNode body = EventCodec.mapper().createObjectNode();
    body.put("text", ChatDigest.text(events, summaries, MRKDWN));
    return body.toString();
  }

  @Override
  public String toString() {
    return "SlackSink[url=<redacted>]";
  }
}
