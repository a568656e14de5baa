package dev.kew.summary;

import dev.kew.model.ChangeEvent;
import dev.kew.model.FieldManager;
import dev.kew.ops.PrintableText;
import java.util.List;
import java.util.Optional;

/**
 * Who made a change, for people: {@code kubectl-edit} or {@code helm, kubelet (status)}, from the
 * envelope's {@code changedBy} (schemaVersion 4). It names the workflows Kubernetes records as
 * field managers, not people. At most {@value #MAX_MANAGERS} managers are listed, then {@code +N
 * more}; each name is {@link PrintableText escaped and cut} to {@value #MAX_NAME_CHARS} characters,
 * so a hostile manager name can neither break a line nor flood it.
 */
public final class ChangedByText {

  /** Managers listed before {@code +N more}. */
  public static final int MAX_MANAGERS = 3;

  /** Longest manager name shown; longer ones are cut with a marker. */
  public static final int MAX_NAME_CHARS = 64;

  private ChangedByText() {}

  /** The managers of the event's change; empty when the event does not say (older envelopes). */
  public static Optional<String> of(ChangeEvent event) {
    List<FieldManager> managers = event.changedBy();
    if (managers.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(MAX_MANAGERS, managers.size()); i++) {
      FieldManager manager = managers.get(i);
      if (i > 0) {
        text.append(", ");
      }
      text.append(PrintableText.cut(manager.manager(), MAX_NAME_CHARS));
      if (manager.subresource() != null) {
        text.append(" (")
            .append(PrintableText.cut(manager.subresource(), MAX_NAME_CHARS))
            .append(')');
      }
    }
    if (managers.size() > MAX_MANAGERS) {
      text.append(" +").append(managers.size() - MAX_MANAGERS).append(" more");
    }
    return Optional.of(text.toString());
  }
}
