package dev.rewind.workflows;

import java.util.List;

/** Plans and snapshots shared by the workflow tests. */
final class RollbackFixtures {
  static final String ORIGINAL_ID = "0123456789abcdef0123456789abcdef";
  static final String REPLACEMENT_ID = "fedcba9876543210fedcba9876543210";
  static final String ROLLBACK_ID = "rollback-production-billing-api-20261126081500-ab12";

  private RollbackFixtures() {}

  static RollbackPlan containerRevert() {
    return new RollbackPlan(
        "billing-api",
        "production",
        "container-revert",
        "v1.5.3",
        "v1.5.2",
        "error rate 7% after deploy",
        "pipeline",
        new ContainerTarget(
            "local", "unix:///var/run/docker.sock", "billing-web", "billing-web", false),
        new HealthCheck("http://127.0.0.1:18080/health", 200, 60),
        List.of("https://hooks.example/rewind"),
        15);
  }

  static ContainerSnapshot runningOnBadVersion() {
    return new ContainerSnapshot(
        ORIGINAL_ID,
        "billing-web",
        "billing-web:v1.5.3",
        "sha256:bad",
        true,
        false,
        "unless-stopped",
        List.of("127.0.0.1:18080->8080/tcp"),
        List.of("/data"),
        List.of("bridge"));
  }
}
