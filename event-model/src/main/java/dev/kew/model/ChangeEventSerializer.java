package dev.kew.model;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer writing {@link ChangeEvent} envelopes as UTF-8 JSON. */
public class ChangeEventSerializer implements Serializer<ChangeEvent> {
  @Override
  public byte[] serialize(String topic, ChangeEvent event) {
    return event == null ? null : EventCodec.toBytes(event);
  }
}
