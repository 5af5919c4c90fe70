package dev.rewind.api.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rewind.api.testing.Api;
import dev.rewind.api.testing.ApiWithDatabase;
import dev.rewind.api.testing.InProcessTemporal;
import dev.rewind.api.testing.Tables;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The deployment registry end to end: pipelines record deployments, a rollback without {@code
 * targetVersion} goes to the known-good one, and once it succeeded the registry's current version
 * is the one rolled back to.
 */
@ApiWithDatabase
class RegistryAndRollbackTest {
  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  Api api;

  @BeforeEach
  void emptyRegistry() {
    Tables.empty(jdbc);
    InProcessTemporal.activitiesSucceed();
    api = new Api(mvc);
  }

  @Test
  void historyIsNewestFirst() throws Exception {
    api.deploy("demo-web", "dev", "v1");
    api.deploy("demo-web", "dev", "v2");
    var recorded = api.deploy("demo-web", "dev", "v3");

    assertThat(recorded.getStatus()).isEqualTo(201);
    assertThat((String) Api.read(recorded, "$.recordedBy")).isEqualTo("deploy-pipeline");
    var history =
        api.get("operator-token", "/api/v1/services/demo-web/environments/dev/deployments");
    assertThat(history.getStatus()).isEqualTo(200);
    List<String> versions = Api.read(history, "$[*].version");
    assertThat(versions).containsExactly("v3", "v2", "v1");
  }

  @Test
  void aRollbackWithoutTargetGoesToTheKnownGoodVersionWhichThenIsCurrent() throws Exception {
    api.deploy("demo-web", "dev", "v1");
    api.deploy("demo-web", "dev", "v2");

    var accepted =
        api.post(
            "pipeline-token",
            "/api/v1/rollbacks",
            """
            {"service": "demo-web", "environment": "dev", "strategy": "container-revert",
             "reason": "5xx after v2"}
            """);

    assertThat(accepted.getStatus()).as(accepted.getContentAsString()).isEqualTo(202);
    String id = Api.read(accepted, "$.id");
    assertThat((String) Api.read(accepted, "$.plan.versions.to")).isEqualTo("v1");
    assertThat((String) Api.read(accepted, "$.plan.versions.from")).isEqualTo("v2");
    assertThat((String) Api.read(accepted, "$.target.gitSha")).isEqualTo("abc12341");
    assertThat((String) Api.read(accepted, "$.target.image"))
        .isEqualTo("registry.local:5000/app:v1");
    assertThat(api.awaitLedger(id, s -> s.equals("SUCCEEDED"))).isEqualTo("SUCCEEDED");

    var history =
        api.get("pipeline-token", "/api/v1/services/demo-web/environments/dev/deployments");
    assertThat((List<String>) Api.read(history, "$[*].version")).containsExactly("v1", "v2", "v1");
    assertThat((String) Api.read(history, "$[0].source")).isEqualTo("rollback");
    assertThat((String) Api.read(history, "$[0].rollbackId")).isEqualTo(id);
    assertThat((String) Api.read(history, "$[0].gitSha")).isEqualTo("abc12341");
    assertThat((String) Api.read(history, "$[1].status")).isEqualTo("ROLLED_BACK");
  }

  @Test
  void withoutAKnownGoodVersionTheTargetIsRequired() throws Exception {
    api.deploy("demo-web", "dev", "v1");

    var refused =
        api.post(
            "pipeline-token",
            "/api/v1/rollbacks",
            """
            {"service": "demo-web", "environment": "dev", "strategy": "container-revert",
             "reason": "5xx"}
            """);

    assertThat(refused.getStatus()).isEqualTo(400);
    assertThat((String) Api.read(refused, "$.errors[0].field")).isEqualTo("targetVersion");
    assertThat(Tables.count(jdbc, "rollbacks")).isZero();
  }

  @Test
  void flagsRecordedWithADeploymentAreKeptAndCarriedToTheEntryARollbackRecords() throws Exception {
    var v1 =
        api.post(
            "pipeline-token",
            "/api/v1/deployments",
            """
            {"service": "demo-web", "environment": "dev", "version": "v1",
             "image": "registry.local:5000/app:v1", "flags": {"new-checkout": false}}
            """);
    api.deploy("demo-web", "dev", "v2");

    assertThat(v1.getStatus()).as(v1.getContentAsString()).isEqualTo(201);
    assertThat((Boolean) Api.read(v1, "$.flags.new-checkout")).isFalse();
    var accepted =
        api.post(
            "pipeline-token",
            "/api/v1/rollbacks",
            """
            {"service": "demo-web", "environment": "dev", "strategy": "container-revert",
             "reason": "5xx after v2"}
            """);
    String id = Api.read(accepted, "$.id");
    assertThat(api.awaitLedger(id, s -> s.equals("SUCCEEDED"))).isEqualTo("SUCCEEDED");
    var history =
        api.get("pipeline-token", "/api/v1/services/demo-web/environments/dev/deployments");
    assertThat((Boolean) Api.read(history, "$[0].flags.new-checkout")).isFalse();
    assertThat((Object) Api.read(history, "$[1].flags")).isNull();
  }

  @Test
  void aDeploymentsFlagsMustBeNamesAndValuesTheCatalogAccepts() throws Exception {
    var refused =
        api.post(
            "pipeline-token",
            "/api/v1/deployments",
            """
            {"service": "demo-web", "environment": "dev", "version": "v1",
             "flags": {"new-checkout": "on"}}
            """);
    var noSection =
        api.post(
            "pipeline-token",
            "/api/v1/deployments",
            """
            {"service": "accounting", "environment": "prod", "version": "v1",
             "flags": {"new-checkout": true}}
            """);

    assertThat(refused.getStatus()).isEqualTo(400);
    assertThat((String) Api.read(refused, "$.errors[0].field")).isEqualTo("flags.new-checkout");
    assertThat((String) Api.read(refused, "$.errors[0].message")).contains("true or false");
    assertThat(noSection.getStatus()).isEqualTo(400);
    assertThat((String) Api.read(noSection, "$.errors[0].message")).contains("no flags section");
    assertThat(Tables.count(jdbc, "deployments")).isZero();
  }
}
