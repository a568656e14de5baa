package dev.kew.consumer.output;

import dev.kew.consumer.summary.ChangeSummary;
import dev.kew.model.ChangeEvent;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One aligned line per event: {@code 2026-11-24T14:03:07Z MODIFIED apps/v1 Deployment default/web
 * rv=48213}.
 *
 * <p>A MODIFIED event with a patch ends with its {@link ChangeSummary}: {@code ... rv=48213
 * spec.replicas 2->5}.
 *
 * <p>The time is truncated to seconds (ISO-8601, UTC) and the type padded to 8 characters. The
 * apiVersion, kind and name columns grow to the widest value printed so far, so consecutive lines
 * align without a fixed width wasting space. Cluster-scoped objects show just their name. Not
 * thread-safe: one formatter per output stream.
 */
public final class PrettyFormatter implements EventFormatter {

  private static final int TYPE_WIDTH = 8;

  private int apiVersionWidth;
  private int kindWidth;
  private int nameWidth;

  @Override
  public String format(ChangeEvent event) {
    String name = event.qualifiedName();
    apiVersionWidth = Math.max(apiVersionWidth, event.apiVersion().length());
    kindWidth = Math.max(kindWidth, event.kind().length());
    nameWidth = Math.max(nameWidth, name.length());
    return DateTimeFormatter.ISO_INSTANT.format(event.observedAt().truncatedTo(ChronoUnit.SECONDS))
        + ' '
        + pad(event.type().name(), TYPE_WIDTH)
        + ' '
        + pad(event.apiVersion(), apiVersionWidth)
        + ' '
        + pad(event.kind(), kindWidth)
        + ' '
        + pad(name, nameWidth)
        + " rv="
        + event.resourceVersion()
        + ChangeSummary.of(event).map(summary -> ' ' + summary).orElse("");
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
