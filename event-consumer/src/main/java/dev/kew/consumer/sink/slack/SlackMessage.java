package dev.kew.consumer.sink.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.consumer.sink.chat.ChatDigest;
import dev.kew.consumer.sink.chat.ChatLinks;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import java.util.List;

/**
 * The message a Slack incoming webhook takes: {@code {"text": "..."}} in Slack's mrkdwn, for one
 * event or a digest of events.
 */
final class SlackMessage {

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

        /** {@code <url|text>}: Slack reads {@code & < >} in the URL escaped, {@code |} ends it. */
        @Override
        public String link(String url, String text) {
          return "<" + escape(url).replace("|", "%7C") + "|" + text + ">";
        }
      };

  private SlackMessage() {}

  /** The JSON body for {@code events}. */
  static String message(List<ChangeEvent> events, Summarizer summaries) {
    return message(events, ChatLinks.NONE, summaries);
  }

  /** The JSON body for {@code events}, with a link to each one's history page in {@code links}. */
  static String message(List<ChangeEvent> events, ChatLinks links, Summarizer summaries) {
    ObjectNode body = EventCodec.mapper().createObjectNode();
    body.put("text", ChatDigest.text(events, links, summaries, MRKDWN));
    return body.toString();
  }
}
