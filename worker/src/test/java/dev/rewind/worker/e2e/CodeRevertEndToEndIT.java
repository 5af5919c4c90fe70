package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rewind.activities.host.DemoHosts;
import dev.rewind.activities.host.HostRouter;
import dev.rewind.activities.host.Sshd;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code code-revert} on three hosts, all real processes: a Temporal dev server, a control worker,
 * agent workers for hosts {@code a} and {@code b} (REWIND_ROLES=agent), the api, and host {@code s}
 * reached over SSH (a real sshd on loopback) by the control worker. Each host's steps must have run
 * where its transport says: the step details name the agent's pid or the SSH login, and Temporal
 * recorded that process's identity as the one that ran the host's tasks.
 */
@Tag("infra")
class CodeRevertEndToEndIT {
  private static final Duration ROLLBACK_WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper json = new ObjectMapper();
  private static final String SERVICE = "shop";
  private static DevStack stack;
  private static DemoHosts demo;
  private static HostRouter router;
  private static Sshd sshd;
  private static Process control;
  private static final Map<String, Process> agents = new HashMap<>();

  @BeforeAll
  static void startRewind() throws Exception {
    stack = new DevStack();
    demo = new DemoHosts();
    router = new HostRouter(demo);
    sshd = new Sshd();
    stack.secrets.addLines("SSH private key", sshd.clientKey);
    Path catalog = stack.dir.resolve("rewind.yml");
    Files.writeString(
        catalog,
        """
        hosts:
          a: { transport: agent }
          b: { transport: agent }
          s: { transport: ssh, address: "127.0.0.1:%s", user: %s,
               privateKeyFile: "%s", knownHostsFile: "%s" }
        services:
          %s:
            e2e:
              hosts: [a, b, s]
              rollout: { maxParallel: 3 }
              health: { url: "%s", expectStatus: 200, timeout: 20s }
              code: { gitDir: "%s", stop: %s, start: %s }
              escalation: { notify: [] }
        """
            .formatted(
                sshd.port,
                sshd.user,
                sshd.clientKey,
                sshd.knownHosts,
                SERVICE,
                router.healthUrl(),
                demo.gitDir(),
                yamlList(demo.stop()),
                yamlList(demo.start())));
    stack.startTemporal();
    control = stack.startWorker("control.log", "control", "control");
    for (String host : List.of("a", "b")) {
      agents.put(host, stack.startWorker("agent-" + host + ".log", "agent", host));
    }
    for (String host : List.of("a", "b", "s")) {
      demo.deployBadVersion(host);
    }
    stack.startApi(catalog);
  }

  @AfterAll
  static void stopRewind() throws Exception {
    if (router != null) {
      router.close();
    }
    if (demo != null) {
      demo.close();
    }
    if (stack != null) {
      stack.close();
    }
    if (sshd != null) {
      sshd.close();
    }
  }

  @Test
  void eachHostIsRevertedWhereItsTransportSaysAndServesTheGoodVersion() throws Exception {
    String before = demo.state("b");
    HttpResponse<String> refused =
        stack.post("/api/v1/rollbacks", request("v1", "\"gitSha\": \"abc1234;reboot\","));
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("\"field\":\"gitSha\""), refused.body());
    assertEquals(0, json.readTree(workflowsOf(SERVICE)).size(), "a refused request starts nothing");
    assertEquals(before, demo.state("b"));

    String good = demo.git("a", "rev-parse", "v1").strip();
    HttpResponse<String> accepted =
        stack.post("/api/v1/rollbacks", request("v1", "\"gitSha\": \"" + good + "\","));
    assertEquals(202, accepted.statusCode(), accepted.body());
    String id = json.readTree(accepted.body()).path("id").asText();
    JsonNode end =
        stack.awaitRollback(
            id,
            ROLLBACK_WAIT,
            r -> r.path("status").asText().matches("SUCCEEDED|FAILED|ESCALATED"));

    assertEquals("SUCCEEDED", end.path("status").asText(), end.toPrettyString());
    for (String host : List.of("a", "b", "s")) {
      assertEquals("v1", demo.servedVersion(host));
      assertEquals("Revert \"v2: new checkout flow\"", demo.git(host, "log", "-1", "--format=%s"));
    }
    for (String host : List.of("a", "b")) {
      String mine = "agent " + host + " (pid " + agents.get(host).pid() + ")";
      String other = host.equals("a") ? "b" : "a";
      String theirs = "(pid " + agents.get(other).pid() + ")";
      List<String> details = detailsOf(end, host);
      assertTrue(details.size() >= 3, details.toString());
      assertTrue(details.stream().allMatch(d -> d.contains(mine)), details.toString());
      assertTrue(details.stream().noneMatch(d -> d.contains(theirs)), details.toString());
    }
    List<String> overSsh = detailsOf(end, "s");
    String login = "on ssh " + sshd.user + "@127.0.0.1:" + sshd.port + " (host s)";
    assertTrue(overSsh.size() >= 3, overSsh.toString());
    assertTrue(overSsh.stream().allMatch(d -> d.contains(login)), overSsh.toString());
    Map<String, String> identities = startedIdentityByQueue(id);
    assertEquals(control.pid() + "@", identities.get("rewind-control").split("(?<=@)")[0]);
    assertEquals(agents.get("a").pid() + "@", identities.get("rewind-host-a").split("(?<=@)")[0]);
    assertEquals(agents.get("b").pid() + "@", identities.get("rewind-host-b").split("(?<=@)")[0]);
    assertFalse(identities.containsValue("mixed"), identities.toString());
  }

  private static String request(String target, String extra) {
    return """
        {"service": "%s", "environment": "e2e", "strategy": "code-revert", %s
         "currentVersion": "v2", "targetVersion": "%s", "reason": "checkout broken after v2"}
        """
        .formatted(SERVICE, extra, target);
  }

  /** The details of the host's steps that ran a command there (git and service commands). */
  private static List<String> detailsOf(JsonNode rollback, String host) {
    List<String> details = new ArrayList<>();
    for (JsonNode step : rollback.path("steps")) {
      String name = step.path("name").asText();
      boolean onHost = step.path("target").asText().startsWith(host + ": ");
      if (onHost && List.of("revert commits", "stop service", "start service").contains(name)) {
        details.add(step.path("detail").asText());
      }
    }
    return details;
  }

  /**
   * For each task queue, the worker identity Temporal recorded as starting its activities ("mixed"
   * if more than one did).
   */
  private static Map<String, String> startedIdentityByQueue(String id) throws Exception {
    JsonNode history =
        json.readTree(
            Processes.run(
                Processes.temporalBinary(),
                "workflow",
                "show",
                "--address",
                stack.temporalAddress(),
                "-w",
                id,
                "-o",
                "json"));
    Map<String, String> queueOfScheduled = new HashMap<>();
    Map<String, String> identities = new HashMap<>();
    for (JsonNode event : history.path("events")) {
      JsonNode scheduled = event.path("activityTaskScheduledEventAttributes");
      if (!scheduled.isMissingNode()) {
        queueOfScheduled.put(
            event.path("eventId").asText(), scheduled.at("/taskQueue/name").asText());
      }
      JsonNode started = event.path("activityTaskStartedEventAttributes");
      if (!started.isMissingNode()) {
        String queue = queueOfScheduled.get(started.path("scheduledEventId").asText());
        String identity = started.path("identity").asText();
        identities.merge(queue, identity, (a, b) -> a.equals(b) ? a : "mixed");
      }
    }
    return identities;
  }

  private static String workflowsOf(String service) throws Exception {
    return Processes.run(
        Processes.temporalBinary(),
        "workflow",
        "list",
        "--address",
        stack.temporalAddress(),
        "--query",
        "RewindService='" + service + "'",
        "-o",
        "json");
  }

  private static String yamlList(List<String> argv) {
    return "[" + String.join(", ", argv.stream().map(a -> "\"" + a + "\"").toList()) + "]";
  }
}
