package dev.rewind.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rewind.catalog.StartupProblem;
import dev.rewind.catalog.yaml.InvalidYamlException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensTest {
  private static final String TOKENS_FILE = "src/test/resources/tokens.yml";

  @TempDir Path dir;

  @Test
  void aTokenFromTheFileIsKnownByItsHash() {
    ApiTokens tokens = new ApiTokens(new AuthProperties(null, TOKENS_FILE), false);

    assertThat(tokens.authenticate("operator-token"))
        .contains(new Caller("alice", Set.of(Role.OPERATOR, Role.APPROVER_DBA)));
    assertThat(tokens.authenticate("pipeline-token"))
        .contains(new Caller("deploy-pipeline", Set.of(Role.PIPELINE)));
  }

  @Test
  void theDevTokenIsDevWithEveryRole() {
    ApiTokens tokens = new ApiTokens(new AuthProperties("s3cret", TOKENS_FILE), true);

    assertThat(tokens.authenticate("s3cret"))
        .contains(new Caller("dev", EnumSet.allOf(Role.class)));
  }

  @Test
  void anUnknownTokenIsNobody() {
    ApiTokens tokens = new ApiTokens(new AuthProperties("s3cret", TOKENS_FILE), true);

    assertThat(tokens.authenticate("s3cret ")).isEmpty();
    assertThat(tokens.authenticate("")).isEmpty();
    assertThat(
            tokens.authenticate("73682acf688fb694619292e4399394e2590f0c20500e04e6dbc2515dc24f9479"))
        .as("the hash itself is not a token")
        .isEmpty();
  }

  @Test
  void startingWithoutAnyTokenSourceIsRefused() {
    assertThatThrownBy(() -> new ApiTokens(new AuthProperties(" ", ""), true))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("REWIND_TOKENS_FILE")
        .hasMessageContaining("REWIND_DEV_TOKEN");
  }

  @Test
  void outsideTheDevProfileATokensFileIsRequired() {
    assertThatThrownBy(() -> new ApiTokens(new AuthProperties(null, null), false))
        .isInstanceOf(StartupProblem.class)
        .hasMessage(
            "REWIND_TOKENS_FILE (rewind.auth.tokens-file) is not set: outside the dev profile the"
                + " Rewind API needs a tokens file");
  }

  @Test
  void outsideTheDevProfileTheDevTokenIsRefusedEvenWithATokensFile() {
    assertThatThrownBy(() -> new ApiTokens(new AuthProperties("s3cret", TOKENS_FILE), false))
        .isInstanceOf(StartupProblem.class)
        .hasMessageContaining("REWIND_DEV_TOKEN")
        .hasMessageContaining("profile \"dev\" is not active");
  }

  @Test
  void inTheDevProfileTheDevTokenAloneIsEnough() {
    ApiTokens tokens = new ApiTokens(new AuthProperties("s3cret", null), true);

    assertThat(tokens.authenticate("s3cret")).map(Caller::identity).contains("dev");
    assertThat(tokens.authenticate("pipeline-token")).isEmpty();
  }

  @Test
  void anUnknownRoleInTheTokensFileIsRefusedWithItsPlace() throws Exception {
    Path file = dir.resolve("tokens.yml");
    Files.writeString(
        file,
        "- {sha256: "
            + "a".repeat(64)
            + ", identity: ci, roles: [pipeline]}\n"
            + "- {sha256: "
            + "b".repeat(64)
            + ", identity: bob, roles: [admin]}\n");

    assertThatThrownBy(() -> new ApiTokens(new AuthProperties(null, file.toString()), false))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessage(
            "tokens file "
                + file
                + ": [1].roles[0]: unknown role \"admin\" (known: pipeline, operator,"
                + " approver:dba, approver:manager)");
  }

  @Test
  void aHashThatIsNotSha256IsRefused() throws Exception {
    Path file = dir.resolve("tokens.yml");
    Files.writeString(file, "- {sha256: abc, identity: ci, roles: [pipeline]}\n");

    assertThatThrownBy(() -> new ApiTokens(new AuthProperties(null, file.toString()), false))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessageContaining("[0].sha256: must be 64 hexadecimal digits");
  }

  @Test
  void aPlainTokenInTheFileIsRefused() throws Exception {
    Path file = dir.resolve("tokens.yml");
    Files.writeString(file, "- {token: abc, identity: ci, roles: [pipeline]}\n");

    assertThatThrownBy(() -> new ApiTokens(new AuthProperties(null, file.toString()), false))
        .isInstanceOf(InvalidYamlException.class)
        .hasMessageContaining("[0].token: unknown key");
  }
}
