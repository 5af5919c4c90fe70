package dev.rewind.workflows.codec;

import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Mutual TLS to the Temporal frontend: the client certificate chain and its key (PEM, the key
 * unencrypted PKCS#8, {@code BEGIN PRIVATE KEY}) that Rewind presents, and the CA that must have
 * signed the frontend's certificate — only that CA, not the system's. The frontend's certificate
 * must name the host of the address Rewind dials. Files are read once, at start-up, so a mistake
 * stops the process with a message naming the variable.
 */
public record TemporalTls(Path cert, Path key, Path ca, String subject, SslContext sslContext) {
  public static final String CERT = "REWIND_TEMPORAL_TLS_CERT";
  public static final String KEY = "REWIND_TEMPORAL_TLS_KEY";
  public static final String CA = "REWIND_TEMPORAL_TLS_CA";

  /**
   * Reads the three files.
   *
   * @throws IllegalArgumentException naming the variable whose file is missing or wrong
   */
  public static TemporalTls load(Path cert, Path key, Path ca) {
    List<X509Certificate> chain = certificates(CERT, cert);
    TrustManager trust = trusting(certificates(CA, ca));
    readable(KEY, key);
    SslContext context;
    try (InputStream certIn = Files.newInputStream(cert);
        InputStream keyIn = Files.newInputStream(key)) {
      context = SimpleSslContextBuilder.forPKCS8(certIn, keyIn).setTrustManager(trust).build();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          KEY
              + " ("
              + key
              + "): not an unencrypted PKCS#8 PEM key for the certificate in "
              + CERT
              + " (convert one with openssl pkcs8 -topk8 -nocrypt): "
              + e.getMessage(),
          e);
    }
    return new TemporalTls(
        cert, key, ca, chain.get(0).getSubjectX500Principal().getName(), context);
  }

  private static void readable(String variable, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(variable + " (" + file + "): the file cannot be read");
    }
  }

  private static List<X509Certificate> certificates(String variable, Path file) {
    readable(variable, file);
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> read =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (read.isEmpty()) {
        throw new IllegalArgumentException(variable + " (" + file + "): holds no certificate");
      }
      return read.stream().map(X509Certificate.class::cast).toList();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          variable + " (" + file + "): not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  private static TrustManager trusting(List<X509Certificate> authorities) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("rewind-temporal-ca-" + i, authorities.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers()[0];
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("a trust store for " + CA + " cannot be built", e);
    }
  }
}
