package dev.rewind.workflows.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made with {@code openssl} in a test's directory, issuing server and
 * client certificates (EC P-256 keys, PKCS#8 PEM, as {@code openssl genpkey} writes them).
 */
final class TestCertificates {
  private final Path dir;
  private final String name;

  private TestCertificates(Path dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  /** A new CA {@code name}: {@code <name>-ca.pem} and its key in {@code dir}. */
  static TestCertificates authority(Path dir, String name) {
    TestCertificates ca = new TestCertificates(dir, name);
    ca.key(name + "-ca.key");
    openssl(
        dir,
        "req",
        "-x509",
        "-new",
        "-key",
        name + "-ca.key",
        "-sha256",
        "-days",
        "2",
        "-subj",
        "/CN=" + name + " test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-out",
        name + "-ca.pem");
    return ca;
  }

  Path ca() {
    return dir.resolve(name + "-ca.pem");
  }

  /** A certificate for a server on loopback (also usable as a client, as Temporal's are). */
  Issued server(String cn) {
    return issue(cn, "subjectAltName=DNS:localhost,IP:127.0.0.1", "serverAuth,clientAuth");
  }

  /** A client certificate. */
  Issued client(String cn) {
    return issue(cn, null, "clientAuth");
  }

  /** A certificate chain file and its key file. */
  record Issued(Path cert, Path key) {}

  private Issued issue(String cn, String subjectAltName, String extendedKeyUsage) {
    String base = name + "-" + cn;
    key(base + ".key");
    openssl(dir, "req", "-new", "-key", base + ".key", "-subj", "/CN=" + cn, "-out", base + ".csr");
    StringBuilder ext = new StringBuilder("basicConstraints=CA:FALSE\n");
    ext.append("keyUsage=critical,digitalSignature\n");
    ext.append("extendedKeyUsage=").append(extendedKeyUsage).append('\n');
    if (subjectAltName != null) {
      ext.append(subjectAltName).append('\n');
    }
    write(dir.resolve(base + ".ext"), ext.toString());
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        base + ".csr",
        "-CA",
        name + "-ca.pem",
        "-CAkey",
        name + "-ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-sha256",
        "-extfile",
        base + ".ext",
        "-out",
        base + ".pem");
    return new Issued(dir.resolve(base + ".pem"), dir.resolve(base + ".key"));
  }

  private void key(String file) {
    openssl(
        dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file);
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void openssl(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("openssl is needed for the TLS tests", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
