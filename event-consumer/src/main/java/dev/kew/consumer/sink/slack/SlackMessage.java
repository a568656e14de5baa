package dev.kew.consumer.sink.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.consumer.sink.chat.ChatDigest;
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
      };

  private SlackMessage() {}

  /** The JSON body for {@code events}. */
  static String message(List<ChangeEvent> events, Summarizer summaries) {
    ObjectNode body = EventCodec.mapper().createObjectNode();
    body.put("text", ChatDigest.text(events, summaries, MRKDWN));
    return body.toString();
  }
}
