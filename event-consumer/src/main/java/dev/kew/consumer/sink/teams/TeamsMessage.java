package dev.kew.consumer.sink.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.consumer.sink.chat.ChatDigest;
import dev.kew.consumer.sink.chat.ChatLinks;
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

        /** {@code [text](url)}, with the characters that would end the URL percent-encoded. */
        @Override
        public String link(String url, String text) {
          return "[" + text + "](" + linkTarget(url) + ")";
        }
      };

  private static final Pattern MARKDOWN_CHARS = Pattern.compile("[\\\\*_~`\\[\\]]");

  private TeamsMessage() {}

  private static String linkTarget(String url) {
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29");
  }

  /** The JSON body: a message with one Adaptive Card attachment. */
  static String message(List<ChangeEvent> events, Summarizer summaries) {
    return message(events, ChatLinks.NONE, summaries);
  }

  /**
   * The JSON body, with a link to each change's or object's history page in {@code links}, and for
   * a single change an {@code Action.OpenUrl} button to its page.
   */
  static String message(List<ChangeEvent> events, ChatLinks links, Summarizer summaries) {
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
    String text = ChatDigest.text(events, links, summaries, MARKDOWN);
    for (String paragraph : text.split("\n")) {
      body.addObject()
          .put("type", "TextBlock")
          .put("text", paragraph.strip())
          .put("spacing", "None")
          .put("wrap", true);
    }
    if (events.size() == 1) {
      links
          .change(events.get(0))
          .ifPresent(
              url ->
                  card.putArray("actions")
                      .addObject()
                      .put("type", "Action.OpenUrl")
                      .put("title", "History")
                      .put("url", url));
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
