package dev.rewind.api.security;

import dev.rewind.catalog.yaml.YamlFiles;
import dev.rewind.catalog.yaml.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code REWIND_TOKENS_FILE}: a YAML list of {@code {sha256, identity, roles}}. Only hashes
 * are stored, so the file can be read by the API's service account without exposing tokens; make
 * one with {@code printf %s "$TOKEN" | sha256sum}.
 */
final class TokensFile {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  /** One configured token: its SHA-256 and whom it stands for. */
  record Entry(byte[] sha256, Caller caller) {}

  private TokensFile() {}

  static List<Entry> read(Path file) {
    YamlNode root = YamlFiles.read("tokens file", file);
    List<YamlNode> items = root.items();
    if (items.isEmpty()) {
      throw root.problem("declares no token");
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> hashes = new HashSet<>();
    for (YamlNode item : items) {
      item.object(Set.of("sha256", "identity", "roles"));
      YamlNode hash = item.required("sha256");
      if (!SHA256.matcher(hash.text()).matches()) {
        throw hash.problem("must be 64 hexadecimal digits (the SHA-256 of the token)");
      }
      if (!hashes.add(hash.text().toLowerCase())) {
        throw hash.problem("the same token is listed twice");
      }
      entries.add(
          new Entry(
              HexFormat.of().parseHex(hash.text().toLowerCase()),
              new Caller(item.required("identity").text(), roles(item.required("roles")))));
    }
    return entries;
  }

  private static Set<Role> roles(YamlNode node) {
    List<YamlNode> items = node.items();
    if (items.isEmpty()) {
      throw node.problem(
          "must list at least one role (pipeline, operator, approver:dba, approver:manager)");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (YamlNode item : items) {
      roles.add(
          Role.fromId(item.text())
              .orElseThrow(
                  () ->
                      item.problem(
                          "unknown role \""
                              + item.text()
                              + "\" (known: pipeline, operator, approver:dba, approver:manager)")));
    }
    return roles;
  }
}
