package dev.kew.producer.audit;

import java.util.List;

/**
 * What {@link Audit} found; each finding is one line for people.
 *
 * @param events events of the audited stream read from the topic
 * @param objects objects the topic has events of
 * @param live objects the cluster has now
 * @param stale live objects changed since their last event (or whose last event is a DELETED)
 * @param missingDeletes objects gone from the cluster whose last event is not a DELETED
 * @param neverPublished live objects without any event
 * @param duplicates (uid, resourceVersion, type) published more than once
 */
public record AuditReport(
    long events,
    int objects,
    int live,
    List<String> stale,
    List<String> missingDeletes,
    List<String> neverPublished,
    List<String> duplicates) {

  public AuditReport {
    stale = List.copyOf(stale);
    missingDeletes = List.copyOf(missingDeletes);
    neverPublished = List.copyOf(neverPublished);
    duplicates = List.copyOf(duplicates);
  }

  /** True when nothing was found. */
  public boolean clean() {
    return findings() == 0;
  }

  public int findings() {
    return stale.size() + missingDeletes.size() + neverPublished.size() + duplicates.size();
  }

  /** Every finding, one line each, then a summary line. */
  public List<String> lines() {
    List<String> lines = new java.util.ArrayList<>();
    stale.forEach(s -> lines.add("STALE           " + s));
    missingDeletes.forEach(s -> lines.add("MISSING DELETE  " + s));
    neverPublished.forEach(s -> lines.add("NEVER PUBLISHED " + s));
    duplicates.forEach(s -> lines.add("DUPLICATE       " + s));
    lines.add(
        String.format(
            "%d events of %d objects checked against %d live objects: %d stale, %d missing"
                + " deletes, %d never published, %d duplicates",
            events,
            objects,
            live,
            stale.size(),
            missingDeletes.size(),
            neverPublished.size(),
            duplicates.size()));
    return lines;
  }
}
