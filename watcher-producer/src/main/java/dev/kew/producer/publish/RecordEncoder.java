package dev.kew.producer.publish;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kew.model.ChangeEvent;
import dev.kew.model.EventCodec;
import dev.kew.model.EventType;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes an event into the records sent for it: the envelope's bytes, its CloudEvents headers and
 * its state record (a tombstone for DELETED), encoding the object's JSON once for all three. An
 * envelope larger than the producer's {@code max.request.size} is sent truncated: its object
 * replaced by a summary (identity, {@code sizeBytes}, {@code sha256}) and {@code truncated: true},
 * its patch kept when it fits; the state record then keeps the summary too. Safe to call from many
 * threads.
 */
final class RecordEncoder {

  private static final Logger log = LoggerFactory.getLogger(RecordEncoder.class);

  /** Room for the record and batch framing around key, value and headers. */
  private static final int RECORD_OVERHEAD = 512;

  private final String cluster;
  private final int maxRecordBytes;
  private final AtomicLong truncated = new AtomicLong();

  /**
   * @param cluster the cluster name written into the state records
   * @param maxRecordBytes the producer's {@code max.request.size}: larger envelopes are truncated
   */
  RecordEncoder(String cluster, int maxRecordBytes) {
    this.cluster = cluster;
    this.maxRecordBytes = maxRecordBytes;
  }

  /**
   * An event as it is sent: its envelope's bytes, CloudEvents headers and state record value (null,
   * a tombstone, for DELETED).
   */
  record EncodedEvent(ChangeEvent event, byte[] value, Headers headers, byte[] state) {}

  EncodedEvent encode(ChangeEvent event) {
    Headers headers = CloudEventHeaders.of(event);
    SerializableString objectJson = EventCodec.objectJson(event.object());
    return new EncodedEvent(
        event, fitted(event, objectJson, headers), headers, state(event, objectJson));
  }

  /** Envelopes sent truncated because they were larger than {@code max.request.size}. */
  long truncated() {
    return truncated.get();
  }

  /** The state record value, or a tombstone for DELETED. */
  private byte[] state(ChangeEvent event, SerializableString objectJson) {
    if (event.type() == EventType.DELETED) {
      return null;
    }
    byte[] bytes = PublishedState.encode(cluster, objectJson);
    if (bytes.length + event.uid().length() + RECORD_OVERHEAD <= maxRecordBytes) {
      return bytes;
    }
    byte[] json = objectJson.asUnquotedUTF8();
    return new PublishedState(cluster, PublishedState.sha256(json), summary(event.object(), json))
        .toBytes();
  }

  /** The envelope's bytes, or those of its truncated form when it is too large to send. */
  private byte[] fitted(ChangeEvent event, SerializableString objectJson, Headers headers) {
    byte[] value = EventCodec.toBytes(event, objectJson);
    int framing = event.uid().length() + RECORD_OVERHEAD;
    for (Header header : headers) {
      framing += header.key().length() + header.value().length;
    }
    if (value.length + framing <= maxRecordBytes) {
      return value;
    }
    ChangeEvent small =
        event.withObjectSummary(summary(event.object(), objectJson.asUnquotedUTF8()));
    byte[] shortened = EventCodec.toBytes(small);
    if (shortened.length + framing > maxRecordBytes) {
      shortened = EventCodec.toBytes(small.withPatch(null));
    }
    truncated.incrementAndGet();
    log.warn(
        "{} of {} {} (uid {}, resourceVersion {}) is {} bytes, over max.request.size {}:"
            + " publishing it truncated ({} bytes)",
        event.type(),
        event.kind(),
        event.qualifiedName(),
        event.uid(),
        event.resourceVersion(),
        value.length,
        maxRecordBytes,
        shortened.length);
    return shortened;
  }

  /**
   * apiVersion, kind, metadata name/namespace/uid/resourceVersion, and the size and SHA-256 of
   * {@code json}, the object's JSON.
   */
  private static JsonNode summary(JsonNode object, byte[] json) {
    ObjectNode summary = EventCodec.mapper().createObjectNode();
    summary.set("apiVersion", object.get("apiVersion"));
    summary.set("kind", object.get("kind"));
    ObjectNode metadata = summary.putObject("metadata");
    for (String field : new String[] {"name", "namespace", "uid", "resourceVersion"}) {
      if (object.path("metadata").has(field)) {
        metadata.set(field, object.path("metadata").get(field));
      }
    }
    summary.put("sizeBytes", json.length);
    summary.put("sha256", PublishedState.sha256(json));
    return summary;
  }
}
