package dev.rewind.workflows;

/**
 * One health check of one host: when (epoch milliseconds), the HTTP status answered (0 when none:
 * {@code error} says why), and whether it was the expected one.
 */
public record HealthProbe(String host, long at, int status, String error, boolean healthy) {

  public String describe() {
    return host + " " + (status == 0 ? error : "HTTP " + status) + (healthy ? "" : " (unhealthy)");
  }
}
