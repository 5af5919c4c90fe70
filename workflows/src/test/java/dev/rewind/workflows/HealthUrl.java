package dev.rewind.workflows;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.when;

import dev.rewind.workflows.core.HealthActivities;
import dev.rewind.workflows.core.HostActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A service's health URL as it answers in the maintenance tests: {@code maintenanceStatus} (503)
 * from the moment a maintenance-on command ran until a maintenance-off command ran, 200 otherwise.
 * Wired into the mocks, a health wait expecting another answer fails as the real one would after
 * its timeout ({@link FailureTypes#HEALTH_TIMEOUT}), so a test shows the order of maintenance and
 * verification by what passes, not only by the order of calls.
 */
final class HealthUrl {
  private final int maintenanceStatus;
  private final AtomicBoolean maintenance = new AtomicBoolean();

  private HealthUrl(int maintenanceStatus) {
    this.maintenanceStatus = maintenanceStatus;
  }

  /** Maintenance commands on {@code commands} switch what {@code health} answers. */
  static HealthUrl wire(int maintenanceStatus, HostActivities commands, HealthActivities health) {
    HealthUrl url = new HealthUrl(maintenanceStatus);
    when(commands.runCommand(any(), any(), any()))
        .thenAnswer(
            call -> {
              HostCommand command = call.getArgument(1);
              if (command == HostCommand.MAINTENANCE_ON) {
                url.maintenance.set(true);
              } else if (command == HostCommand.MAINTENANCE_OFF) {
                url.maintenance.set(false);
              }
              return "exit 0";
            });
    doAnswer(call -> url.expect(call.getArgument(1)))
        .when(health)
        .awaitStatus(any(), anyInt(), anyInt());
    return url;
  }

  /** Answers like {@link HealthActivities#awaitStatus}: the status, or a timeout waiting for it. */
  String expect(int status) {
    int answer = answer();
    if (answer != status) {
      throw ApplicationFailure.newNonRetryableFailure(
          "health URL answered " + answer + ", not " + status, FailureTypes.HEALTH_TIMEOUT);
    }
    return "HTTP " + status;
  }

  int answer() {
    return maintenance.get() ? maintenanceStatus : 200;
  }
}
