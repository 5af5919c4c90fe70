package dev.rewind.worker.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;

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
}
