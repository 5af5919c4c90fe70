package dev.rewind.worker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The running rewind-api an end-to-end test talks to, whichever stack started it ({@link DevStack}
 * on the dev server, {@link ClusterStack} on the Temporal cluster): the stack's own token, or
 * another one's (an approver's).
 */
interface RewindApi {
  HttpResponse<String> get(String path) throws IOException, InterruptedException;

  HttpResponse<String> post(String path, String json) throws IOException, InterruptedException;

  HttpResponse<String> post(String path, String json, String bearer)
      throws IOException, InterruptedException;

  /**
   * The rollback's status once {@code condition} holds for it, polled every 100 ms; an api that is
   * restarting (no answer, or not 200) is waited for. Fails naming the last status seen after
   * {@code within}.
   */
  default JsonNode awaitRollback(String id, Duration within, Predicate<JsonNode> condition)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    long deadline = System.nanoTime() + within.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = get("/api/v1/rollbacks/" + id);
        if (response.statusCode() == 200) {
          last = json.readTree(response.body());
          if (condition.test(last)) {
            return last;
          }
        }
      } catch (IOException apiRestarting) {
        // the api answers again in a moment
      }
      Thread.sleep(100);
    }
    throw new AssertionError("rollback " + id + " never reached the expected state: " + last);
  }
}
