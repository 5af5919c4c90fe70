package dev.rewind.catalog;

import dev.rewind.catalog.CatalogHost.Transport;
import dev.rewind.catalog.yaml.InvalidYamlException;
import dev.rewind.catalog.yaml.YamlFiles;
import dev.rewind.catalog.yaml.YamlNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks {@code rewind.yml}. It stops at the first mistake with an {@link
 * InvalidYamlException} naming the file, the key path and the problem: a catalog that is half right
 * must not start rolling things back.
 */
public final class CatalogReader {
  /**
   * Service, environment and host names end up in workflow ids, task queue names and container
   * names, so they are kept to lower-case letters, digits, '-' and '_'.
   */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  private static final Pattern ADDRESS =
      Pattern.compile("(\\[[0-9a-fA-F:]+]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?");
  private static final Set<String> SSH_KEYS =
      Set.of("address", "user", "privateKeyFile", "knownHostsFile");

  private CatalogReader() {}

  public static Catalog read(Path file) {
    YamlNode root = YamlFiles.read("catalog", file).object(Set.of("hosts", "notify", "services"));
    Map<String, CatalogHost> hosts = new LinkedHashMap<>();
    Map<String, YamlNode> hostNodes = root.required("hosts").entries();
    hostNodes.forEach((name, node) -> hosts.put(name, host(name, node)));
    Map<String, NotifyTarget> notify = new LinkedHashMap<>();
    Map<String, YamlNode> notifyNodes =
        root.optional("notify").map(YamlNode::entries).orElse(Map.of());
    notifyNodes.forEach(
        (name, node) -> {
          checkName(node, name);
          notify.put(name, HttpSections.notifyTarget(name, node));
        });
    EnvironmentReader environments = new EnvironmentReader(hosts.keySet(), notify.keySet());
    Map<String, CatalogService> services = new LinkedHashMap<>();
    root.required("services")
        .entries()
        .forEach(
            (name, node) -> {
              checkName(node, name);
              Map<String, ServiceEnvironment> envs = new LinkedHashMap<>();
              Map<String, String> digests = new LinkedHashMap<>();
              node.entries()
                  .forEach(
                      (envName, envNode) -> {
                        checkName(envNode, envName);
                        ServiceEnvironment env = environments.read(envNode);
                        envs.put(envName, env);
                        digests.put(envName, digestOf(envNode, env, hostNodes, notifyNodes));
                      });
              if (envs.isEmpty()) {
                throw node.problem("declares no environment");
              }
              services.put(
                  name,
                  new CatalogService(
                      name,
                      Collections.unmodifiableMap(envs),
                      Collections.unmodifiableMap(digests)));
            });
    return new Catalog(
        file,
        Collections.unmodifiableMap(hosts),
        Collections.unmodifiableMap(notify),
        Collections.unmodifiableMap(services));
  }

  /**
   * SHA-256 (hex) of one environment's entry and of the hosts and notification targets it names, in
   * canonical form. The api puts it in every plan; a worker whose catalog gives another digest for
   * that entry refuses to act on it, so api and workers never act on two versions of the catalog. A
   * worker that loads only the entries of its own host computes the same digest for them.
   */
  static String digestOf(
      YamlNode envNode,
      ServiceEnvironment env,
      Map<String, YamlNode> hosts,
      Map<String, YamlNode> notify) {
    StringBuilder canonical = new StringBuilder(envNode.canonical());
    java.util.TreeSet<String> named = new java.util.TreeSet<>(env.hosts());
    if (env.database() != null && env.database().host() != null) {
      named.add(env.database().host());
    }
    for (String host : named) {
      canonical.append('\n').append(host).append('=').append(hosts.get(host).canonical());
    }
    java.util.TreeSet<String> targets = new java.util.TreeSet<>(env.escalation().targets());
    targets.addAll(env.notifications().allTargets());
    for (String target : targets) {
      canonical.append("\nnotify.").append(target).append('=');
      canonical.append(notify.get(target).canonical());
    }
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static CatalogHost host(String name, YamlNode node) {
    checkName(node, name);
    node.object(Set.of("transport", "address", "user", "privateKeyFile", "knownHostsFile"));
    YamlNode transportNode = node.required("transport");
    String transport = transportNode.text();
    if (transport.equals("agent")) {
      for (String key : SSH_KEYS) {
        if (node.optional(key).isPresent()) {
          throw node.required(key).problem("is only for hosts with transport ssh");
        }
      }
      return new CatalogHost(name, Transport.AGENT, null, null, null, null);
    }
    if (!transport.equals("ssh")) {
      throw transportNode.problem("must be agent or ssh, not \"" + transport + "\"");
    }
    YamlNode addressNode = node.required("address");
    String address = addressNode.text();
    if (!ADDRESS.matcher(address).matches()) {
      throw addressNode.problem("must be host or host:port, not \"" + address + "\"");
    }
    return new CatalogHost(
        name,
        Transport.SSH,
        address,
        node.required("user").text(),
        Commands.absolutePath(node.required("privateKeyFile")),
        Commands.absolutePath(node.required("knownHostsFile")));
  }

  private static void checkName(YamlNode node, String name) {
    if (!NAME.matcher(name).matches()) {
      throw node.problem(
          "name must be lower-case letters, digits, '-' or '_' (at most 63), starting with a"
              + " letter or digit");
    }
  }
}
