package dev.rewind.api.testing;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.function.Predicate;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** Calls the api as a client would, with a token, and reads the answers. */
public record Api(MockMvc mvc) {

  public MockHttpServletResponse post(String token, String path, String json, String... headers)
      throws Exception {
    var request =
        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(path)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  /**
   * A DBA's (dana) and a manager's (max) approval of rollback {@code id}. The second is posted once
   * the workflow has read the first: a wake-up arriving while its approval gate reads the ledger is
   * only seen at the gate's next one-minute re-read, which the test server does not skip while
   * nothing waits for a workflow result.
   */
  public void approveBoth(String id) throws Exception {
    for (String kind : java.util.List.of("dba", "manager")) {
      var answer = approve(id, kind + "-token", kind);
      if (answer.getStatus() != 201) {
        throw new AssertionError(kind + " approval: " + answer.getContentAsString());
      }
      Thread.sleep(500);
    }
  }

  /** Records a deployment as the pipeline does; anything but 201 fails the test. */
  public void recordDeployment(String json) throws Exception {
    var answer = post("pipeline-token", "/api/v1/deployments", json);
    if (answer.getStatus() != 201) {
      throw new AssertionError("deployment not recorded: " + answer.getContentAsString());
    }
  }

  /** An approval of {@code kind} with {@code token}. */
  public MockHttpServletResponse approve(String id, String token, String kind) throws Exception {
    return post(token, "/api/v1/rollbacks/" + id + "/approvals", "{\"kind\": \"" + kind + "\"}");
  }

  public MockHttpServletResponse get(String token, String path) throws Exception {
    var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(path);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  public static <T> T read(MockHttpServletResponse response, String path) throws Exception {
    return JsonPath.read(response.getContentAsString(), path);
  }

  public MockHttpServletResponse deploy(String service, String env, String version)
      throws Exception {
    return post(
        "pipeline-token",
        "/api/v1/deployments",
        """
        {"service": "%s", "environment": "%s", "version": "%s", "gitSha": "%s",
         "image": "registry.local:5000/app:%s"}
        """
            .formatted(
                service, env, version, "abc1234" + version.replaceAll("[^0-9]", ""), version));
  }

  /** Lets held rollbacks finish and waits until the ledger has no active one left. */
  public static void drain(org.springframework.jdbc.core.simple.JdbcClient jdbc) throws Exception {
    InProcessTemporal.releaseHealthWait();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (jdbc.sql("SELECT count(*) FROM rollbacks WHERE active").query(Long.class).single() == 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("rollbacks still active after 30 s");
  }

  /** Polls the ledger's list until the rollback matches, as a pipeline would poll. */
  public String awaitLedger(String id, Predicate<String> status) throws Exception {
    // the workflow reports status changes without waiting: on a loaded machine that takes a while
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      var list = get("pipeline-token", "/api/v1/rollbacks");
      java.util.List<String> found =
          JsonPath.read(list.getContentAsString(), "$[?(@.id == '" + id + "')].status");
      last = found.isEmpty() ? null : found.get(0);
      if (last != null && status.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(id + " never reached the expected status; last: " + last);
  }
}
