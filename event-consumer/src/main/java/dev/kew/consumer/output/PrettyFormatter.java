package dev.kew.consumer.output;

import dev.kew.model.ChangeEvent;
import dev.kew.ops.PrintableText;
import dev.kew.summary.ChangeSummary;
import dev.kew.summary.ChangedByText;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One aligned line per event: {@code 2026-11-24T14:03:07Z MODIFIED apps/v1 Deployment default/web
 * rv=48213}.
 *
 * <p>A MODIFIED event with a patch ends with its {@link ChangeSummary}: {@code ... rv=48213
 * spec.replicas 2->5}; an event that names its field managers ({@code changedBy}) then says who:
 * {@code ... spec.replicas 2->5 by kubectl-edit} ({@link ChangedByText}).
 *
 * <p>The time is truncated to seconds (ISO-8601, UTC) and the type padded to 8 characters. The
 * apiVersion, kind and name columns grow to the widest value printed so far, so consecutive lines
 * align without a fixed width wasting space, up to {@value #MAX_COLUMN} characters (a longer value
 * just pushes its own line out). Cluster-scoped objects show just their name. The line is {@link
 * PrintableText escaped}: whatever an event holds, it prints as one line. Not thread-safe: one
 * formatter per output stream.
 */
public final class PrettyFormatter implements EventFormatter {

  private static final int TYPE_WIDTH = 8;

  /** The widest a column grows. */
  static final int MAX_COLUMN = 64;

  private int apiVersionWidth;
  private int kindWidth;
  private int nameWidth;

  @Override
  public String format(ChangeEvent event) {
    String name = event.qualifiedName();
    apiVersionWidth = widest(apiVersionWidth, event.apiVersion());
    kindWidth = widest(kindWidth, event.kind());
    nameWidth = widest(nameWidth, name);
    return PrintableText.escape(
        DateTimeFormatter.ISO_INSTANT.format(event.observedAt().truncatedTo(ChronoUnit.SECONDS))
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
            + ChangeSummary.of(event).map(summary -> ' ' + summary).orElse("")
            + ChangedByText.of(event).map(managers -> " by " + managers).orElse(""));
  }

  private static int widest(int width, String value) {
    return Math.max(width, Math.min(MAX_COLUMN, value.length()));
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
