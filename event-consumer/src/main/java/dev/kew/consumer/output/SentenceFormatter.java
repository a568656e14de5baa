package dev.kew.consumer.output;

import dev.kew.model.ChangeEvent;
import dev.kew.ops.PrintableText;
import dev.kew.summary.ChangeSummary;
import dev.kew.summary.ChangedByText;
import java.util.List;
import java.util.Locale;

/**
 * One sentence per event, in the ancestor app's words: {@code A deployment in namespace default has
 * been modified: web}, or for cluster-scoped objects {@code A namespace has been added: team-a}. A
 * MODIFIED event with a patch adds its {@link ChangeSummary}: {@code ... modified: web
 * (spec.replicas 2->5)}, and an event that names its field managers says who: {@code ... has been
 * modified by kubectl-edit: web} ({@link ChangedByText}). The sentence is {@link PrintableText
 * escaped}: one line, whatever the event holds.
 */
public final class SentenceFormatter implements EventFormatter {

  /** Words that start with a vowel letter but a consonant sound ("a union", "a one-off"). */
  private static final List<String> CONSONANT_SOUNDS = List.of("uni", "use", "usa", "uti", "one");

  @Override
  public String format(ChangeEvent event) {
    String kind = event.kind().toLowerCase(Locale.ROOT);
    String where = event.namespace() == null ? "" : " in namespace " + event.namespace();
    return PrintableText.escape(
        article(kind)
            + ' '
            + kind
            + where
            + " has been "
            + event.type().name().toLowerCase(Locale.ROOT)
            + ChangedByText.of(event).map(managers -> " by " + managers).orElse("")
            + ": "
            + event.name()
            + ChangeSummary.of(event).map(summary -> " (" + summary + ")").orElse(""));
  }

  /** "An" before a vowel sound ("An ingress"), else "A". */
  static String article(String word) {
    boolean vowel = !word.isEmpty() && "aeiou".indexOf(word.charAt(0)) >= 0;
    boolean soundsLikeConsonant = CONSONANT_SOUNDS.stream().anyMatch(word::startsWith);
    return vowel && !soundsLikeConsonant ? "An" : "A";
  }
}
