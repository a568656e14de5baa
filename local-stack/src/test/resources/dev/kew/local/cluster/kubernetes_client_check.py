"""Drives the simulated cluster with the Python kubernetes client (Debian's python3-kubernetes).

Prints one JSON object per line for the Java test to check:
  pages KUBECONFIG NAMESPACE LIMIT         {"page": n, "names": [...], "resourceVersion": rv} per page
  watch KUBECONFIG NAMESPACE RV SECONDS    {"type": t, "name": n, "resourceVersion": rv} per event,
                                           or {"error": code} when the server refuses the watch
"""
import json
import sys

from kubernetes import client, config, watch


def pages(v1, namespace, limit):
    token = None
    page = 0
    while True:
        kwargs = {"limit": limit}
        if token:
            kwargs["_continue"] = token
        listed = v1.list_namespaced_config_map(namespace, **kwargs)
        page += 1
        print(json.dumps({"page": page,
                          "names": [item.metadata.name for item in listed.items],
                          "resourceVersion": listed.metadata.resource_version}), flush=True)
        token = listed.metadata._continue
        if not token:
            return


def watch_from(v1, namespace, resource_version, seconds):
    stream = watch.Watch().stream(v1.list_namespaced_config_map, namespace,
                                  resource_version=resource_version, timeout_seconds=seconds,
                                  allow_watch_bookmarks=True)
    try:
        for event in stream:
            if event["type"] == "ERROR":
                print(json.dumps({"error": event["raw_object"].get("code")}), flush=True)
                return
            obj = event["raw_object"]
            print(json.dumps({"type": event["type"],
                              "name": obj.get("metadata", {}).get("name"),
                              "resourceVersion": obj["metadata"]["resourceVersion"]}), flush=True)
    except client.exceptions.ApiException as e:
        print(json.dumps({"error": e.status}), flush=True)


def main():
    command, kubeconfig, namespace = sys.argv[1:4]
    config.load_kube_config(config_file=kubeconfig)
    v1 = client.CoreV1Api()
    if command == "pages":
        pages(v1, namespace, int(sys.argv[4]))
    elif command == "watch":
        watch_from(v1, namespace, sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit("unknown command " + command)


if __name__ == "__main__":
    main()
