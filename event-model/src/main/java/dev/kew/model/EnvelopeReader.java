package dev.kew.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads one record of the event topic into a {@link ChangeEvent} and holds it to the rules every
 * envelope our producer writes meets, so a record from anyone else (a buggy client, a hostile
 * writer) is refused before it is printed, forwarded or counted. The JSON Schema {@code
 * change-event.schema.json} states the same rules, except the two that compare fields ({@code id}
 * and the record key).
 *
 * <ul>
 *   <li>The value is a JSON envelope ({@link EventCodec}: at most {@value EventCodec#MAX_DEPTH}
 *       levels deep); a tombstone (no value) or an empty value is not.
 *   <li>The record key is the object's {@code uid}; {@code id} is {@code uid/resourceVersion/type}.
 *   <li>Identity fields look like Kubernetes identifiers within Kubernetes' length limits: {@code
 *       uid} letters, digits, {@code -} and {@code _} (a UUID on a real API server), at most
 *       {@value #MAX_UID} characters; {@code resourceVersion} the same, at most {@value #MAX_RV};
 *       {@code kind} a DNS-1035 label ignoring case (a CRD's kind must be one), at most 63; {@code
 *       namespace} a DNS-1123 label, at most 63; {@code name} at most 253 characters, neither
 *       {@code .} nor {@code ..}, without {@code /}, {@code %} or control characters (a path
 *       segment name: the widest rule Kubernetes applies to names); {@code apiVersion} {@code
 *       [group/]version}; {@code cluster} at most {@value #MAX_CLUSTER} characters.
 * </ul>
 *
 * <p>A {@code schemaVersion} newer than {@link ChangeEvent#SCHEMA_VERSION} is read all the same
 * (fields this reader does not know are ignored); {@link #isNewerThanReader} tells the caller, who
 * warns.
 */
public final class EnvelopeReader {

  public static final int MAX_UID = 128;
  public static final int MAX_RV = 64;
  public static final int MAX_NAME = 253;
  public static final int MAX_CLUSTER = 253;

  private static final Pattern UID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_UID + "}");
  private static final Pattern RESOURCE_VERSION =
      Pattern.compile("[A-Za-z0-9_-]{1," + MAX_RV + "}");
  private static final Pattern KIND = Pattern.compile("[A-Za-z]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern API_VERSION =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*/)?"
              + "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final int MAX_GROUP = 253;

  /** C0 and C1 controls and DEL: never in a name. */
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1f\\x7f-\\x9f]");

  private EnvelopeReader() {}

  /**
   * Decodes and checks one record.
   *
   * @param key the record key (the object's uid)
   * @param value the record value, {@code null} for a tombstone
   * @throws MalformedEventException saying what is wrong
   */
  public static ChangeEvent read(String key, byte[] value) {
    if (value == null) {
      throw new MalformedEventException("tombstone: the record has no value", null);
    }
    ChangeEvent event = EventCodec.fromBytes(value);
    List<String> problems = problems(event);
    if (key == null) {
      problems.add("the record has no key (it must be the object's uid)");
    } else if (!key.equals(event.uid())) {
      problems.add("the record key is not the object's uid");
    }
    if (!problems.isEmpty()) {
      throw new MalformedEventException("invalid envelope: " + String.join("; ", problems), null);
    }
    return event;
  }

  /** What is wrong with the identity of {@code event}, an empty list when nothing. */
  public static List<String> problems(ChangeEvent event) {
    List<String> problems = new ArrayList<>();
    check(UID.matcher(event.uid()).matches(), "uid is not a Kubernetes uid", problems);
    check(
        RESOURCE_VERSION.matcher(event.resourceVersion()).matches(),
        "resourceVersion is not a resourceVersion",
        problems);
    check(
        event.id().equals(ChangeEvent.idOf(event.uid(), event.resourceVersion(), event.type())),
        "id is not uid/resourceVersion/type",
        problems);
    check(KIND.matcher(event.kind()).matches(), "kind is not a Kubernetes kind", problems);
    check(
        event.namespace() == null || DNS_LABEL.matcher(event.namespace()).matches(),
        "namespace is not a namespace name (a DNS label of at most 63 characters)",
        problems);
    check(isName(event.name()), "name is not a Kubernetes object name", problems);
    check(isApiVersion(event.apiVersion()), "apiVersion is not [group/]version", problems);
    check(
        event.cluster().length() <= MAX_CLUSTER,
        "cluster is longer than " + MAX_CLUSTER + " characters",
        problems);
    return problems;
  }

  /** Whether the writer followed a revision of the format newer than this reader knows. */
  public static boolean isNewerThanReader(ChangeEvent event) {
    return event.schemaVersion() > ChangeEvent.SCHEMA_VERSION;
  }

  private static boolean isName(String name) {
    return name.length() <= MAX_NAME
        && !name.equals(".")
        && !name.equals("..")
        && name.indexOf('/') < 0
        && name.indexOf('%') < 0
        && !CONTROL.matcher(name).find();
  }

  private static boolean isApiVersion(String apiVersion) {
    return apiVersion.length() <= MAX_GROUP + 64 && API_VERSION.matcher(apiVersion).matches();
  }

  private static void check(boolean ok, String problem, List<String> problems) {
    if (!ok) {
      problems.add(problem);
    }
  }
}
