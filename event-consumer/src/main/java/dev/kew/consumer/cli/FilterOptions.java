package dev.kew.consumer.cli;

import dev.kew.cli.OptionValues;
import dev.kew.cli.Validation;
import dev.kew.consumer.filter.EventFilter;
import dev.kew.model.EventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Which events are handled at all: --kind, --namespace, --type. */
final class FilterOptions {

  private static final Pattern KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      split = ",",
      defaultValue = "${env:KEW_KINDS}",
      description =
          "Only events of this kind, case-insensitive, e.g. Deployment; repeatable or"
              + " comma-separated (env KEW_KINDS, default: all).")
  List<String> kinds = new ArrayList<>();

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      split = ",",
      defaultValue = "${env:KEW_NAMESPACES}",
      description =
          "Only events of objects in this namespace; repeatable or comma-separated (env"
              + " KEW_NAMESPACES, default: all, including cluster-scoped objects).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      split = ",",
      defaultValue = "${env:KEW_TYPES}",
      description =
          "Only events of this type: ADDED, MODIFIED or DELETED; repeatable or comma-separated"
              + " (env KEW_TYPES, default: all).")
  List<String> types = new ArrayList<>();

  EventFilter toFilter(Validation v) {
    Set<String> kindSet = new LinkedHashSet<>(OptionValues.list(kinds));
    kindSet.stream()
        .filter(k -> !KIND.matcher(k).matches())
        .forEach(
            k ->
                v.add("--kind (env KEW_KINDS) must be a kind such as Deployment, was '" + k + "'"));
    Set<String> namespaceSet = new LinkedHashSet<>(OptionValues.list(namespaces));
    namespaceSet.stream()
        .filter(n -> !NAMESPACE.matcher(n).matches())
        .forEach(
            n ->
                v.add(
                    "--namespace (env KEW_NAMESPACES) must be a namespace name (lower-case"
                        + " letters, digits, '-'), was '"
                        + n
                        + "'"));
    Set<EventType> typeSet = EnumSet.noneOf(EventType.class);
    for (String type : OptionValues.list(types)) {
      Optional<EventType> parsed =
          Arrays.stream(EventType.values())
              .filter(t -> t.name().equalsIgnoreCase(type))
              .findFirst();
      parsed.ifPresentOrElse(
          typeSet::add,
          () ->
              v.add(
                  "--type (env KEW_TYPES) must be ADDED, MODIFIED or DELETED, was '" + type + "'"));
    }
    return new EventFilter(kindSet, namespaceSet, typeSet);
  }
}
