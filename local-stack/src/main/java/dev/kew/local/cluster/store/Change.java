package dev.kew.local.cluster.store;

import java.util.Map;

/**
 * One committed change of one object, as the watch history keeps it.
 *
 * @param type {@code ADDED}, {@code MODIFIED} or {@code DELETED}
 * @param previousLabels the labels before a MODIFIED (a watch with a label selector turns a change
 *     that leaves or enters the selection into DELETED or ADDED, as kube-apiserver does); null
 *     otherwise
 */
record Change(
    long rv,
    String type,
    String namespace,
    String name,
    Revision revision,
    Map<String, String> previousLabels) {}
