package dev.kew.model;

/** What happened to a Kubernetes object, in the words of the Kubernetes watch protocol. */
public enum EventType {
  ADDED,
  MODIFIED,
  DELETED
}
