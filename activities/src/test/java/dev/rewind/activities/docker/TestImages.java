package dev.rewind.activities.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the test images with {@code docker import}, since no image can be pulled here: a static
 * busybox serving {@code /www} on port 8080. {@code app:v1} answers {@code GET /health} with 200
 * "v1"; {@code app:v2} has no health file (404), the "bad deploy". Same recipe and label as {@code
 * scripts/build-test-images}, so an image built by either is reused by the other.
 */
public final class TestImages {
  public static final String V1 = "app:v1";
  public static final String V2 = "app:v2";

  private static final int RECIPE = 1; // scripts/build-test-images' RECIPE
  private static final String CMD =
      "[\"/bin/sh\",\"-c\",\"trap \\\"exit 0\\\" TERM INT; "
          + "/bin/busybox httpd -f -p 8080 -h /www & wait\"]";

  private static boolean built;

  private TestImages() {}

  public static synchronized void ensureBuilt() {
    if (!built) {
      build("v1", true);
      build("v2", false);
      built = true;
    }
  }

  private static void build(String version, boolean healthy) {
    String tag = "app:" + version;
    String marker = version + "-recipe-" + RECIPE;
    String have =
        DockerCli.runAllowingFailure(
            "image", "inspect", "-f", "{{index .Config.Labels \"dev.rewind.test-image\"}}", tag);
    if (marker.equals(have)) {
      return;
    }
    try {
      Path dir = Files.createTempDirectory("rewind-image-");
      Files.createDirectories(dir.resolve("bin"));
      Files.createDirectories(dir.resolve("www"));
      Files.createDirectories(dir.resolve("tmp"));
      Files.copy(Paths.get("/bin/busybox"), dir.resolve("bin/busybox"));
      Files.createSymbolicLink(dir.resolve("bin/sh"), Paths.get("busybox"));
      Files.writeString(dir.resolve("www/index.html"), "app " + version + "\n");
      if (healthy) {
        Files.writeString(dir.resolve("www/health"), version + "\n");
      }
      Path tar = Files.createTempFile("rewind-image-", ".tar");
      exec(List.of("tar", "-C", dir.toString(), "-cf", tar.toString(), "."), null);
      List<String> cmd = new ArrayList<>(List.of("docker", "import"));
      for (String change :
          List.of(
              "CMD " + CMD,
              "ENV APP_VERSION=" + version,
              "ENV PATH=/bin",
              "EXPOSE 8080",
              "LABEL dev.rewind.test-image=" + marker)) {
        cmd.add("-c");
        cmd.add(change);
      }
      cmd.addAll(List.of("-m", "Rewind test image " + tag, "-", tag));
      exec(cmd, tar);
      exec(List.of("rm", "-rf", dir.toString(), tar.toString()), null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot build " + tag, e);
    }
  }

  private static void exec(List<String> command, Path stdin) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    try {
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
