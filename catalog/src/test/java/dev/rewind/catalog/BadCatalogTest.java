package dev.rewind.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rewind.catalog.yaml.InvalidYamlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each broken catalog stops the API with one message: file, key path, problem. */
class BadCatalogTest {
  private static final String HOSTS =
      """
      hosts:
        local: { transport: agent }
        app-2: { transport: ssh, address: "10.0.0.2:22", user: deploy,
                 privateKeyFile: /etc/rewind/id, knownHostsFile: /etc/rewind/known_hosts }
      """;
  private static final String ENV = "services.web.prod.";

  @TempDir Path dir;

  /**
   * A catalog with notify target {@code oncall} declared as {@code target}, named by {@code
   * services.web.prod}.
   */
  private static String notify(String target) {
    return HOSTS
        + "notify:\n  oncall: "
        + target
        + "\nservices:\n  web:\n    prod:\n"
        + "      hosts: [local]\n      escalation: {notify: [oncall]}\n";
  }

  /**
   * A catalog whose only environment is {@code services.web.prod} with these lines; it declares
   * notify target {@code oncall}.
   */
  private static String env(String lines) {
    return HOSTS
        + "notify:\n  oncall: {kind: slack, url: \"https://hooks.example/a\"}\n"
        + "services:\n  web:\n    prod:\n"
        + lines.lines().map(l -> "      " + l + "\n").reduce("", String::concat);
  }

  static Stream<Arguments> badCatalogs() {
    return Stream.of(
        bad("an empty file", "", "", "the file is empty"),
        bad("not YAML", "hosts: [a, b", "", "not valid YAML"),
        bad("a key twice", "hosts: {}\nhosts: {}\n", "", "Duplicate field 'hosts'"),
        bad("an unknown top-level key", HOSTS + "service: {}\n", "service", "unknown key"),
        bad(
            "a timeout for a command that does not exist",
            env("hosts: [local]\ntimeouts: { deploy: 5m }"),
            ENV + "timeouts.deploy",
            "unknown key"),
        bad(
            "a timeout over a day",
            env("hosts: [local]\ntimeouts: { migrateDown: 25h }"),
            ENV + "timeouts.migrateDown",
            "at most 24h"),
        bad(
            "variables for a command that does not exist",
            env("hosts: [local]\nenv: { deploy: [TOKEN] }"),
            ENV + "env.deploy",
            "unknown key"),
        bad(
            "a variable that is not a name",
            env("hosts: [local]\nenv: { migrateDown: [\"PASS=x\"] }"),
            ENV + "env.migrateDown[0]",
            "must name an environment variable"),
        bad(
            "PATH given again",
            env("hosts: [local]\nenv: { start: [PATH] }"),
            ENV + "env.start[0]",
            "always given"),
        bad("no services", HOSTS, "services", "is required"),
        bad(
            "a service without environments",
            HOSTS + "services:\n  web: {}\n",
            "services.web",
            "declares no environment"),
        bad(
            "an upper-case service name",
            HOSTS + "services:\n  Web: {}\n",
            "services.Web",
            "name must be lower-case"),
        bad(
            "an unknown environment key",
            env("hosts: [local]\nhealthcheck: {}"),
            ENV + "healthcheck",
            "unknown key (allowed here: approvals, code, config"),
        bad(
            "an environment without hosts",
            env("container: {name: web, image: web, dockerHost: \"unix:///d.sock\"}"),
            ENV + "hosts",
            "is required"),
        bad("an empty host list", env("hosts: []"), ENV + "hosts", "at least one host"),
        bad(
            "a config file that is not normalised",
            env("hosts: [local]\nconfig: {files: [/etc/nginx/../shadow], backupDir: /b}"),
            ENV + "config.files[0]",
            "must be a normalised absolute path"),
        bad(
            "a config file inside the backup directory",
            env("hosts: [local]\nconfig: {files: [/b/x.conf], backupDir: /b}"),
            ENV + "config.files[0]",
            "must not lie inside backupDir /b"),
        bad(
            "a config file listed twice",
            env("hosts: [local]\nconfig: {files: [/etc/a.conf, /etc/a.conf], backupDir: /b}"),
            ENV + "config.files[1]",
            "listed twice"),
        bad(
            "config with reload and restart",
            env(
                "hosts: [local]\nconfig: {files: [/srv/.env], backupDir: /b, reload: [x], restart: true}"),
            ENV + "config",
            "choose one"),
        bad(
            "an undeclared host",
            env("hosts: [local, app-9]"),
            ENV + "hosts[1]",
            "host \"app-9\" is not declared under hosts"),
        bad(
            "hosts that are not a list",
            env("hosts: local"),
            ENV + "hosts",
            "must be a list, not \"local\""),
        bad(
            "a status that is a string",
            env("hosts: [local]\nhealth: {url: \"http://h/\", expectStatus: \"200\"}"),
            ENV + "health.expectStatus",
            "must be a whole number, not \"200\""),
        bad(
            "a bad duration",
            env("hosts: [local]\nhealth: {url: \"http://h/\", timeout: 6x}"),
            ENV + "health.timeout",
            "must be a positive duration like 30s, 2m or 24h, not \"6x\""),
        bad(
            "a duration without unit",
            env("hosts: [local]\nhealth: {url: \"http://h/\", timeout: 60}"),
            ENV + "health.timeout",
            "not the number 60"),
        bad(
            "a health url that is not http",
            env("hosts: [local]\nhealth: {url: \"ftp://h/health\"}"),
            ENV + "health.url",
            "must be an http:// or https:// URL"),
        bad(
            "a health check without url",
            env("hosts: [local]\nhealth: {expectStatus: 200}"),
            ENV + "health.url",
            "is required"),
        bad(
            "a container without image",
            env("hosts: [local]\ncontainer: {name: web, dockerHost: \"unix:///d.sock\"}"),
            ENV + "container.image",
            "is required"),
        bad(
            "a container without name",
            env("hosts: [local]\ncontainer: {image: web, dockerHost: \"unix:///d.sock\"}"),
            ENV + "container.name",
            "is required"),
        bad(
            "an image with a tag",
            env(
                "hosts: [local]\ncontainer: {name: web, image: web:1.0,"
                    + " dockerHost: \"unix:///d.sock\"}"),
            ENV + "container.image",
            "without tag"),
        bad(
            "a docker host that is not an endpoint",
            env(
                "hosts: [local]\ncontainer: {name: web,"
                    + " image: web, dockerHost: /var/run/docker.sock}"),
            ENV + "container.dockerHost",
            "must be a unix:///path or tcp://host:port"),
        bad(
            "pull that is not a boolean",
            env(
                "hosts: [local]\ncontainer: {name: web, image: web,"
                    + " dockerHost: \"unix:///d.sock\", pull: sometimes}"),
            ENV + "container.pull",
            "must be true or false"),
        bad(
            "an unknown placeholder",
            env("hosts: [local]\nmaintenance: {on: [touch, \"{file}\"], off: [rm]}"),
            ENV + "maintenance.on[1]",
            "unknown placeholder {file}"),
        bad(
            "an empty command",
            env("hosts: [local]\nmaintenance: {on: [], off: [rm]}"),
            ENV + "maintenance.on",
            "must be a non-empty command"),
        bad(
            "a command that is a shell string",
            env("hosts: [local]\ncode: {gitDir: /srv/web, stop: \"systemctl stop web\"}"),
            ENV + "code.stop",
            "must be a list"),
        bad(
            "a relative git dir",
            env("hosts: [local]\ncode: {gitDir: srv/web}"),
            ENV + "code.gitDir",
            "must be an absolute path"),
        bad(
            "a database password written inline",
            env(
                "hosts: [local]\ndatabase: {url:"
                    + " \"jdbc:postgresql://h/db\", user: u, password: secret, passwordEnv: DB_PW,"
                    + " snapshotDir: /var/snap}"),
            ENV + "database.password",
            "unknown key"),
        bad(
            "a database on an undeclared host",
            env(
                "hosts: [local]\ndatabase: {url:"
                    + " \"jdbc:postgresql://h/db\", user: u, passwordEnv: DB_PW, host: db-1,"
                    + " snapshotDir: /var/snap}"),
            ENV + "database.host",
            "host \"db-1\" is not declared under hosts"),
        bad(
            "no parallel database jobs",
            env(
                "hosts: [local]\ndatabase: {url: \"jdbc:postgresql://h/db\","
                    + " user: u, passwordEnv: DB_PW, snapshotDir: /var/snap, jobs: 0}"),
            ENV + "database.jobs",
            "must be between 1 and 16, not 0"),
        bad(
            "more parallel database jobs than allowed",
            env(
                "hosts: [local]\ndatabase: {url: \"jdbc:postgresql://h/db\","
                    + " user: u, passwordEnv: DB_PW, snapshotDir: /var/snap, jobs: 17}"),
            ENV + "database.jobs",
            "must be between 1 and 16, not 17"),
        bad(
            "database jobs that are not a number",
            env(
                "hosts: [local]\ndatabase: {url: \"jdbc:postgresql://h/db\","
                    + " user: u, passwordEnv: DB_PW, snapshotDir: /var/snap, jobs: four}"),
            ENV + "database.jobs",
            "must be a whole number"),
        bad(
            "a non-postgres database",
            env(
                "hosts: [local]\ndatabase: {url: \"jdbc:mysql://h/db\","
                    + " user: u, passwordEnv: DB_PW, snapshotDir: /var/snap}"),
            ENV + "database.url",
            "must be a jdbc:postgresql:// URL"),
        bad(
            "an unknown approval kind",
            env("hosts: [local]\napprovals: {required: [dba, cto]}"),
            ENV + "approvals.required[1]",
            "unknown approval kind \"cto\""),
        bad(
            "an approval timeout over a day",
            env("hosts: [local]\napprovals: {required: [dba], timeout: 25h}"),
            ENV + "approvals.timeout",
            "must be at least 1m and at most 24h"),
        bad(
            "an approval strategy that is not an id",
            env("hosts: [local]\napprovals: {required: [dba], strategies: [\"Backup Restore\"]}"),
            ENV + "approvals.strategies[0]",
            "must be a strategy id such as backup-restore"),
        bad(
            "a notify route with an unknown event",
            env(
                "hosts: [local]\nnotify: {routes: [{events: [started, paged], targets: [oncall]}]}"),
            ENV + "notify.routes[0].events[1]",
            "unknown event \"paged\""),
        bad(
            "an escalation naming an undeclared notify target",
            env("hosts: [local]\nescalation: {notify: [oncall, pager]}"),
            ENV + "escalation.notify[1]",
            "notify target \"pager\" is not declared under notify"),
        bad(
            "an escalation naming a notify target twice",
            env("hosts: [local]\nescalation: {notify: [oncall, oncall]}"),
            ENV + "escalation.notify[1]",
            "notify target \"oncall\" is listed twice"),
        bad(
            "an escalation with a URL instead of a name",
            env("hosts: [local]\nescalation: {notify: [\"https://hooks.example/s3cr3t\"]}"),
            ENV + "escalation.notify[0]",
            "is a URL: name a target declared under notify instead"),
        bad(
            "an escalation whose notify is not a list",
            env("hosts: [local]\nescalation: {notify: oncall}"),
            ENV + "escalation.notify",
            "must be a list"),
        bad(
            "a notify target of an unknown kind",
            notify("{kind: email, url: \"https://hooks.example/a\"}"),
            "notify.oncall.kind",
            "must be slack or webhook, not \"email\""),
        bad(
            "a notify target without url",
            notify("{kind: slack}"),
            "notify.oncall.url",
            "is required"),
        bad(
            "a notify target without kind",
            notify("{url: \"https://hooks.example/a\"}"),
            "notify.oncall.kind",
            "is required"),
        bad(
            "a notify url that is not http",
            notify("{kind: webhook, url: \"mailto:oncall@example.com\"}"),
            "notify.oncall.url",
            "must be an http:// or https:// URL without placeholders"),
        bad(
            "a notify url with a placeholder",
            notify("{kind: webhook, url: \"https://hooks.example/{host}\"}"),
            "notify.oncall.url",
            "without placeholders"),
        bad(
            "a notify target with an unknown key",
            notify("{kind: slack, url: \"https://hooks.example/a\", channel: \"#ops\"}"),
            "notify.oncall.channel",
            "unknown key (allowed here: kind, url)"),
        bad(
            "an upper-case notify target name",
            HOSTS + "notify:\n  OnCall: {kind: slack, url: \"https://h/a\"}\nservices: {}\n",
            "notify.OnCall",
            "name must be lower-case"),
        bad(
            "an unknown transport", "hosts:\n  local: { transport: telnet }\nservices: {}\n",
            "hosts.local.transport", "must be agent or ssh, not \"telnet\""),
        bad(
            "an ssh host without known_hosts",
            "hosts:\n  app-2: { transport: ssh, address: h,"
                + " user: u, privateKeyFile: /k }\nservices: {}\n",
            "hosts.app-2.knownHostsFile",
            "is required"),
        bad(
            "an ssh host without address",
            "hosts:\n  app-2: { transport: ssh, user: u,"
                + " privateKeyFile: /k, knownHostsFile: /kh }\nservices: {}\n",
            "hosts.app-2.address",
            "is required"),
        bad(
            "an ssh address with a space",
            "hosts:\n  app-2: { transport: ssh, address: \"a b\","
                + " user: u, privateKeyFile: /k, knownHostsFile: /kh }\nservices: {}\n",
            "hosts.app-2.address",
            "must be host or host:port"),
        bad(
            "an agent host with ssh settings",
            "hosts:\n  local: { transport: agent, user: u }\nservices: {}\n",
            "hosts.local.user",
            "is only for hosts with transport ssh"));
  }

  private static Arguments bad(String what, String yaml, String keyPath, String problem) {
    return Arguments.of(what, yaml, keyPath, problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCatalogs")
  void isRefusedNamingFileKeyAndProblem(String what, String yaml, String keyPath, String problem)
      throws Exception {
    Path file = dir.resolve("rewind.yml");
    Files.writeString(file, yaml);

    InvalidYamlException e =
        catchThrowableOfType(InvalidYamlException.class, () -> CatalogReader.read(file));

    assertThat(e).as(what).isNotNull();
    assertThat(e.file()).isEqualTo(file);
    assertThat(e.keyPath()).isEqualTo(keyPath);
    assertThat(e.problem()).contains(problem);
    assertThat(e.getMessage())
        .startsWith("catalog " + file + ": " + (keyPath.isEmpty() ? "" : keyPath + ": "));
  }
}
