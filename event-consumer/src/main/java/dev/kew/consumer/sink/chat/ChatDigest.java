package dev.kew.consumer.sink.chat;

import dev.kew.consumer.sink.Summarizer;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventType;
import dev.kew.ops.PrintableText;
import dev.kew.summary.ChangedByText;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The words of a chat message for one or more events, shared by the Slack and Teams sinks: events
 * grouped by object (so a rollout's ten changes to one Deployment read as one entry listing them),
 * each with type, kind, namespace/name, cluster, who made the change ({@code by kubectl-edit}, when
 * the event says) and the change summary when there is one. Every field taken from an event is
 * {@link PrintableText escaped and cut} to {@value #MAX_FIELD_CHARS} characters, then escaped for
 * the service's markup, so object data can neither break a line nor mention, link or format
 * anything.
 */
public final class ChatDigest {

  /** How a chat service marks text up. */
  public interface Markup {
    String bold(String text);

    String code(String text);

    /** Escapes characters the service would read as markup. */
    String escape(String text);

    /** A link to {@code url} (built by {@link ChatLinks}) reading {@code text} (markup already). */
    String link(String url, String text);
  }

  /** The events of one object, in the order read. */
  public record ObjectChanges(List<ChangeEvent> events) {
    public ChangeEvent first() {
      return events.get(0);
    }
  }

  /** Longest field shown; longer ones are cut with a marker. */
  static final int MAX_FIELD_CHARS = 200;

  private ChatDigest() {}

  /** A field of an event as plain text: escaped, cut. */
  private static String plain(String value) {
    return PrintableText.cut(value, MAX_FIELD_CHARS);
  }

  /** Groups events by object uid, objects in the order of their first event. */
  public static List<ObjectChanges> byObject(List<ChangeEvent> events) {
    Map<String, List<ChangeEvent>> groups = new LinkedHashMap<>();
    events.forEach(e -> groups.computeIfAbsent(e.uid(), uid -> new ArrayList<>()).add(e));
    return groups.values().stream().map(ObjectChanges::new).toList();
  }

  /**
   * A one-line title, plain text (escape it for the markup): {@code MODIFIED Deployment shop/web}
   * or {@code 12 changes to 3 objects}.
   */
  public static String title(List<ChangeEvent> events) {
    List<ObjectChanges> objects = byObject(events);
    if (events.size() == 1) {
      ChangeEvent e = events.get(0);
      return e.type() + " " + plain(e.kind()) + " " + plain(e.qualifiedName());
    }
    if (objects.size() == 1) {
      ChangeEvent e = events.get(0);
      return events.size() + " changes to " + plain(e.kind()) + " " + plain(e.qualifiedName());
    }
    return events.size() + " changes to " + objects.size() + " objects";
  }

  /** The message text: one entry per object, one line per change within it. */
  public static String text(List<ChangeEvent> events, Summarizer summaries, Markup m) {
    return text(events, ChatLinks.NONE, summaries, m);
  }

  /**
   * The message text, with a "history" link after each change to its page, and after an object's
   * entry of several changes to the object's page, when {@code links} has them.
   */
  public static String text(
      List<ChangeEvent> events, ChatLinks links, Summarizer summaries, Markup m) {
    List<ObjectChanges> objects = byObject(events);
    List<String> lines = new ArrayList<>();
    if (objects.size() > 1) {
      lines.add(m.bold(m.escape(title(events))));
    }
    String bullet = objects.size() > 1 ? "• " : "";
    for (ObjectChanges object : objects) {
      ChangeEvent first = object.first();
      String who =
          m.escape(plain(first.kind()))
              + " "
              + m.code(m.escape(plain(first.qualifiedName())))
              + " in cluster "
              + m.code(m.escape(plain(first.cluster())));
      if (object.events().size() == 1) {
        lines.add(
            bullet
                + m.bold(first.type().name())
                + " "
                + who
                + by(first, m)
                + link(links.change(first), m));
        summary(first, summaries, m).ifPresent(s -> lines.add("    " + s));
      } else {
        lines.add(
            bullet
                + who
                + ": "
                + object.events().size()
                + " changes ("
                + typeCounts(object.events())
                + ")"
                + link(links.object(first), m));
        for (ChangeEvent change : object.events()) {
          lines.add(
              "    ◦ "
                  + change.type()
                  + " rv="
                  + m.escape(plain(change.resourceVersion()))
                  + by(change, m)
                  + summary(change, summaries, m).map(s -> ": " + s).orElse("")
                  + link(links.change(change), m));
        }
      }
    }
    return String.join("\n", lines);
  }

  /** {@code MODIFIED ×10} or {@code ADDED, MODIFIED ×3}. */
  static String typeCounts(List<ChangeEvent> events) {
    Map<EventType, Long> counts =
        events.stream()
            .collect(
                Collectors.groupingBy(
                    ChangeEvent::type,
                    () -> new EnumMap<>(EventType.class),
                    Collectors.counting()));
    return counts.entrySet().stream()
        .map(e -> e.getValue() == 1 ? e.getKey().name() : e.getKey() + " ×" + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** {@code " · history"} linked to {@code url}, or nothing without one. */
  private static String link(Optional<String> url, Markup m) {
    return url.map(u -> " · " + m.link(u, "history")).orElse("");
  }

  /** {@code " by kubectl-edit"}, or nothing when the event does not name its managers. */
  private static String by(ChangeEvent event, Markup m) {
    return ChangedByText.of(event).map(managers -> " by " + m.escape(plain(managers))).orElse("");
  }

  private static Optional<String> summary(ChangeEvent event, Summarizer summaries, Markup m) {
    return summaries.of(event).filter(s -> !s.isBlank()).map(s -> m.escape(plain(s.strip())));
  }
}
