package dev.kew.consumer.sink.chat;

import dev.kew.consumer.sink.Delivery;
import dev.kew.consumer.sink.DigestSink;
import dev.kew.consumer.sink.HistoryLinks;
import dev.kew.consumer.sink.RecordRef;
import dev.kew.consumer.sink.Secret;
import dev.kew.consumer.sink.Summarizer;
import dev.kew.consumer.sink.http.HttpPost;
import dev.kew.model.ChangeEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Posts one JSON message per event or per digest of events to a chat service's incoming webhook;
 * the service's message format ({@link Message}) is all that differs between Slack and Teams.
 */
public final class ChatWebhookSink implements DigestSink {

  /** The JSON body a chat service expects for {@code events}. */
  public interface Message {
    String body(List<ChangeEvent> events, ChatLinks links, Summarizer summaries);
  }

  private final String name;
  private final HttpPost http;
  private final Message message;
  private final Summarizer summaries;
  private final Optional<HistoryLinks> history;

  /**
   * @param name what {@link #toString()} calls the sink; the URL is never shown
   */
  public ChatWebhookSink(
      String name,
      Secret url,
      Duration timeout,
      Message message,
      Summarizer summaries,
      Optional<HistoryLinks> history,
      Clock clock) {
    this.name = Objects.requireNonNull(name, "name");
    this.http = new HttpPost(url, timeout, clock);
    this.message = Objects.requireNonNull(message, "message");
    this.summaries = Objects.requireNonNull(summaries, "summaries");
    this.history = Objects.requireNonNull(history, "history");
  }

  @Override
  public Delivery deliverDigest(List<ChangeEvent> events) {
    return deliverDigest(events, List.of());
  }

  @Override
  public Delivery deliverDigest(List<ChangeEvent> events, List<RecordRef> records) {
    ChatLinks links = ChatLinks.of(history, events, records);
    return http.post(
        HttpPost.utf8(message.body(events, links, summaries)), "application/json", Map.of());
  }

  @Override
  public String toString() {
    return name + "[url=<redacted>]";
  }
}
