package dev.rewind.api.deployments;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/deployments}: what a pipeline just deployed. {@code backup} is
 * the {@code pg_dump -Fc} file it took just before, the one a later backup-restore uses.
 */
public record DeploymentRequest(
    @NotBlank(message = "is required") String service,
    @NotBlank(message = "is required") String environment,
    @NotBlank(message = "is required") @Pattern(regexp = VERSION, message = VERSION_MESSAGE)
        String version,
    @Pattern(regexp = "[0-9a-f]{7,40}", message = "must be 7 to 40 lower-case hex digits")
        String gitSha,
    @Size(max = 255, message = "must be at most 255 characters")
        @Pattern(
            regexp = "[a-z0-9][a-z0-9._/:-]*(@sha256:[0-9a-f]{64})?",
            message = "must be an image reference such as registry/app:v1.5.2")
        String image,
    @Pattern(
            regexp = "[A-Za-z0-9._-]{1,128}",
            message = "must be 1 to 128 letters, digits, '.', '_' or '-'")
        String migration,
    @Size(max = 1024, message = "must be at most 1024 characters")
        @Pattern(regexp = "/[^\\u0000]*", message = "must be an absolute path")
        String backup) {

  public static final String VERSION = "[A-Za-z0-9._-]{1,128}";
  public static final String VERSION_MESSAGE = "must be 1 to 128 letters, digits, '.', '_' or '-'";
}
