package dev.kew.testing;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

/**
 * The Deployment tests write to a cluster: labelled {@code app=<name>}, selecting its Pods by that
 * label, one container named after it.
 */
public final class TestDeployments {

  private TestDeployments() {}

  public static Deployment of(String name, int replicas, String image) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** {@code deployment} with {@code replicas} (changed in place, for a client's {@code edit}). */
  public static Deployment scaled(Deployment deployment, int replicas) {
    deployment.getSpec().setReplicas(replicas);
    return deployment;
  }
}
