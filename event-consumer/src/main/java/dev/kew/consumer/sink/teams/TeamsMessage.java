package dev.kew.consumer.sink.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.consumer.sink.chat.ChatDigest;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The message a Microsoft Teams incoming webhook takes (a Workflows "post to a channel when a
 * webhook request is received" URL, or a legacy connector): one Adaptive Card 1.4 holding a title
 * and the digest text.
 */
final class TeamsMessage {

  /**
   * Adaptive Card TextBlocks understand a little Markdown (bold, italic, lists, links), no code
   * spans: in object data every character that could start one ({@code \\ * _ ~ ` [ ]}) is
   * backslash-escaped (a line break cannot occur: fields are escaped first).
   */
  static final ChatDigest.Markup MARKDOWN =
      new ChatDigest.Markup() {
        @Override
        public String bold(String text) {
          return "**" + text + "**";
        }

        @Override
        public String code(String text) {
          return text;
        }

        @Override
        public String escape(String text) {
          return MARKDOWN_CHARS.matcher(text).replaceAll("\\\\$0");
        }
      };

  private static final Pattern MARKDOWN_CHARS = Pattern.compile("[\\\\*_~`\\[\\]]");

  private TeamsMessage() {}

  /** The JSON body: a message with one Adaptive Card attachment. */
  static String message(List<ChangeEvent> events, Summarizer summaries) {
    ObjectNode card = EventCodec.mapper().createObjectNode();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    body.addObject()
        .put("type", "TextBlock")
        .put("text", MARKDOWN.escape(ChatDigest.title(events)))
        .put("weight", "Bolder")
        .put("size", "Medium")
        .put("wrap", true);
    String text = ChatDigest.text(events, summaries, MARKDOWN);
    for (String paragraph : text.split("\n")) {
      body.addObject()
          .put("type", "TextBlock")
          .put("text", paragraph.strip())
          .put("spacing", "None")
          .put("wrap", true);
    }
    ObjectNode message = EventCodec.mapper().createObjectNode();
    message.put("type", "message");
    message
        .putArray("attachments")
        .addObject()
        .put("contentType", "application/vnd.microsoft.card.adaptive")
        .set("content", card);
    return message.toString();
  }
}
