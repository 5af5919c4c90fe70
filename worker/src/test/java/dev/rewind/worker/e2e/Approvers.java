package dev.rewind.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two people a database chain waits for (runbook 002): dana with {@code approver:dba} and max
 * with {@code approver:manager}, as a tokens file ({@code REWIND_TOKENS_FILE}) names them. The
 * api's dev token is one identity and may give only one of the two approvals.
 */
final class Approvers {
  static final String DBA = "dba-token";
  static final String MANAGER = "manager-token";
  // printf %s TOKEN | sha256sum, as the tokens file wants them
  private static final String TOKENS =
      """
      - sha256: 5681a5d0b274db9ba6728945aa8233b70e5788548edd2889b3c2596be2e7ca3b
        identity: dana
        roles: [approver:dba]
      - sha256: 3983202afa4411cda7cafc94a18aa1f6f620cfda5e9b0ab52c0f0d53a6be4315
        identity: max
        roles: [approver:manager]
      """;

  private Approvers() {}

  /** Writes the tokens file into {@code dir}: the api's {@code REWIND_TOKENS_FILE}. */
  static Path tokensFile(Path dir) throws IOException {
    return Files.writeString(dir.resolve("tokens.yml"), TOKENS);
  }

  /** dana approves as dba, then max as manager. */
  static void approve(RewindApi api, String id) throws IOException, InterruptedException {
    for (String[] approver : new String[][] {{"dba", DBA}, {"manager", MANAGER}}) {
      HttpResponse<String> answer =
          api.post(
              "/api/v1/rollbacks/" + id + "/approvals",
              "{\"kind\": \"" + approver[0] + "\"}",
              approver[1]);
      assertEquals(201, answer.statusCode(), answer.body());
    }
  }
}
