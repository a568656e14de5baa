package dev.kew.producer.publish;

import dev.kew.model.ChangeEvent;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents 1.0 Kafka protocol binding, binary mode: the envelope stays the record value and
 * the event attributes travel as {@code ce_*} headers, so CloudEvents SDKs read the stream as it
 * is.
 *
 * <ul>
 *   <li>{@code ce_id}: the envelope id; {@code ce_source}: {@code //kubernetes/<cluster>}
 *   <li>{@code ce_type}: {@code io.k8s.<group>.<kind>.<type>}, lower case, {@code core} for the
 *       core group: {@code io.k8s.apps.deployment.modified}, {@code io.k8s.core.pod.added}
 *   <li>{@code ce_subject}: {@code namespace/name}, or the name of a cluster-scoped object
 *   <li>{@code ce_time}: when the change was observed; {@code content-type: application/json}
 * </ul>
 */
public final class CloudEventHeaders {

  public static final String SPEC_VERSION = "1.0";

  private CloudEventHeaders() {}

  /** The headers of the record carrying {@code event}. */
  public static Headers of(ChangeEvent event) {
    RecordHeaders headers = new RecordHeaders();
    add(headers, "ce_specversion", SPEC_VERSION);
    add(headers, "ce_id", event.id());
    add(headers, "ce_source", source(event.cluster()));
    add(headers, "ce_type", type(event));
    add(headers, "ce_subject", event.qualifiedName());
    add(headers, "ce_time", DateTimeFormatter.ISO_INSTANT.format(event.observedAt()));
    add(headers, "content-type", "application/json");
    return headers;
  }

  /** {@code io.k8s.apps.deployment.modified}, {@code io.k8s.core.pod.added}. */
  public static String type(ChangeEvent event) {
    String apiVersion = event.apiVersion();
    int slash = apiVersion.lastIndexOf('/');
    String group = slash < 0 ? "core" : apiVersion.substring(0, slash);
    return ("io.k8s." + group + "." + event.kind() + "." + event.type()).toLowerCase(Locale.ROOT);
  }

  /** {@code //kubernetes/<cluster>}, the cluster name percent-encoded where a URI needs it. */
  public static String source(String cluster) {
    StringBuilder uri = new StringBuilder("//kubernetes/");
    for (byte b : cluster.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~:@!$&'()*+,;=".indexOf(c) >= 0)) {
        uri.append(c);
      } else {
        uri.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return uri.toString();
  }

  private static void add(Headers headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
