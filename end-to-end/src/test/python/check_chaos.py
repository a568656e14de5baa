#!/usr/bin/python3
"""Checks a chaos run on its own: no reuse of the producer's Audit or of any of our Java code.

Reads the cluster with the official Python `kubernetes` client, the topic with `kcat -J`
(librdkafka, read_committed), the churn's deletion log and the webhook receiver's delivered log,
then prints its figures as one JSON object and exits 1 on any loss:
  - every object listed now has an event with its current resourceVersion on the topic, or its last
    event's object equals it but for the fields the producer ignores (managedFields, resourceVersion,
    generation: a write that changed nothing else is not published);
  - every object the churn deleted has a DELETED event on the topic, unless no event of it ever
    reached the topic (created and deleted while the producer was down: nobody can list it any
    more; counted as deletedUnseen);
  - no event id is on the topic twice;
  - every event id on the topic was delivered to the webhook at least once.
Run with Debian's /usr/bin/python3 (python3-kubernetes).
"""
import argparse
import collections
import json
import subprocess
import sys

from kubernetes import client, config

LISTS = {
    "pods": lambda core, apps: core.list_pod_for_all_namespaces,
    "services": lambda core, apps: core.list_service_for_all_namespaces,
    "configmaps": lambda core, apps: core.list_config_map_for_all_namespaces,
    "secrets": lambda core, apps: core.list_secret_for_all_namespaces,
    "deployments": lambda core, apps: apps.list_deployment_for_all_namespaces,
}


IGNORED = ("managedFields", "resourceVersion", "generation")


def without_ignored(obj):
    """`obj` without the metadata fields the producer ignores."""
    obj = json.loads(json.dumps(obj))
    for field in IGNORED:
        obj.get("metadata", {}).pop(field, None)
    return obj


def cluster_objects(kubeconfig, resources):
    """(uid, resourceVersion, 'Kind ns/name', object) of every object of `resources`, listed now."""
    api = config.new_client_from_config(config_file=kubeconfig)
    core, apps = client.CoreV1Api(api), client.AppsV1Api(api)
    objects = []
    for resource in resources:
        response = LISTS[resource](core, apps)(_preload_content=False)
        for item in json.loads(response.data)["items"]:
            meta = item["metadata"]
            objects.append(
                (meta["uid"], meta["resourceVersion"],
                 "%s %s/%s" % (resource, meta.get("namespace", ""), meta["name"]), item))
    return objects


def topic_events(bootstrap, topic):
    """The envelopes on the topic, read to its end by kcat."""
    out = subprocess.run(
        ["kcat", "-b", bootstrap, "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-J",
         "-X", "isolation.level=read_committed"],
        check=True, capture_output=True, text=True, timeout=120).stdout
    events = []
    for line in out.splitlines():
        if line.strip():
            payload = json.loads(line).get("payload")
            if payload:
                events.append(json.loads(payload))
    return events


def deletions(churn_log):
    """uid -> 'Kind ns/name' of every object the churn deleted."""
    deleted = {}
    with open(churn_log, encoding="utf-8") as log:
        for line in log:
            parts = line.split()
            if len(parts) == 4 and parts[0] == "DELETED":
                deleted[parts[3]] = parts[1] + " " + parts[2]
    return deleted


def delivered(delivered_log):
    with open(delivered_log, encoding="utf-8") as log:
        return [line.strip() for line in log if line.strip()]


def main():
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--bootstrap-servers", required=True)
    args.add_argument("--topic", required=True)
    args.add_argument("--kubeconfig", required=True)
    args.add_argument("--resources", required=True, help="comma-separated: " + ",".join(LISTS))
    args.add_argument("--churn-log", required=True)
    args.add_argument("--delivered-log", required=True)
    a = args.parse_args()

    events = topic_events(a.bootstrap_servers, a.topic)
    listed = cluster_objects(a.kubeconfig, a.resources.split(","))
    deleted = deletions(a.churn_log)
    sent = delivered(a.delivered_log)

    versions = {(e["uid"], e["resourceVersion"]) for e in events}
    last_object = {}
    for e in events:  # one object's events share a partition: the last read is the last written
        last_object[e["uid"]] = e.get("object")
    deleted_on_topic = {e["uid"] for e in events if e["type"] == "DELETED"}
    id_counts = collections.Counter(e["id"] for e in events)
    delivered_ids = set(sent)

    lost_changes, unchanged_writes = [], 0
    for uid, rv, name, obj in listed:
        if (uid, rv) in versions:
            continue
        published = last_object.get(uid)
        if published is not None and without_ignored(published) == without_ignored(obj):
            unchanged_writes += 1
        else:
            lost_changes.append(name)
    seen = {e["uid"] for e in events}
    lost_deletes = [name for uid, name in deleted.items()
                    if uid in seen and uid not in deleted_on_topic]
    deleted_unseen = sum(1 for uid in deleted if uid not in seen)
    duplicate_ids = [i for i, n in id_counts.items() if n > 1]
    undelivered = [i for i in id_counts if i not in delivered_ids]
    figures = {
        "topicEvents": len(events),
        "topicDeleted": sum(1 for e in events if e["type"] == "DELETED"),
        "listedObjects": len(listed),
        "churnDeletions": len(deleted),
        "deletedUnseen": deleted_unseen,
        "deliveries": len(sent),
        "deliveredDistinct": len(delivered_ids),
        "duplicateDeliveries": len(sent) - len(delivered_ids),
        "listedAtIgnoredFieldsOnlyWrite": unchanged_writes,
        "lostChanges": len(lost_changes),
        "lostDeletes": len(lost_deletes),
        "duplicateIdsOnTopic": len(duplicate_ids),
        "undelivered": len(undelivered),
        "examples": {
            "lostChanges": lost_changes[:5],
            "lostDeletes": lost_deletes[:5],
            "duplicateIdsOnTopic": duplicate_ids[:5],
            "undelivered": undelivered[:5],
        },
    }
    print(json.dumps(figures))
    lost = lost_changes or lost_deletes or duplicate_ids or undelivered
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
