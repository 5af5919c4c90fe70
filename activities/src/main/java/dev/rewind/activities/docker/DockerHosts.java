package dev.rewind.activities.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Docker connection per Docker endpoint ({@code unix:///var/run/docker.sock}, {@code
 * tcp://host:2376}), opened on first use and shared by every activity that targets it. TLS settings
 * for tcp endpoints come from the usual {@code DOCKER_TLS_VERIFY} / {@code DOCKER_CERT_PATH}.
 */
public final class DockerHosts implements AutoCloseable {
  static final String LOCAL = "unix:///var/run/docker.sock";

  private static final Logger log = LoggerFactory.getLogger(DockerHosts.class);

  private final Map<String, DockerEngine> engines = new ConcurrentHashMap<>();

  DockerEngine engine(String dockerHost) {
    String host = dockerHost == null || dockerHost.isBlank() ? LOCAL : dockerHost;
    return engines.computeIfAbsent(host, DockerHosts::connect);
  }

  private static DockerEngine connect(String host) {
    DockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    // A stop may take the container's whole stop timeout before the engine answers, so the
    // response timeout is generous; connecting must be quick, so an absent engine fails fast.
    DockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(50)
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofSeconds(90))
            .build();
    DockerClient client = DockerClientImpl.getInstance(config, http);
    log.info("connected to Docker at {}", host);
    return new DockerEngine(host, client, http);
  }

  @Override
  public void close() {
    engines.forEach(
        (host, engine) -> {
          try {
            engine.client().close();
          } catch (IOException e) {
            log.warn("closing the Docker connection to {}: {}", host, e.toString());
          }
        });
    engines.clear();
  }
}
