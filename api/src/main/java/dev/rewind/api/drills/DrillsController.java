package dev.rewind.api.drills;

import dev.rewind.api.security.Caller;
import dev.rewind.api.security.RequiresRole;
import dev.rewind.api.security.Role;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.api.web.SafeValues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Scheduled rollback drills: creating, running and deleting one needs the role {@code operator};
 * any valid token may list them.
 */
@RestController
@RequestMapping(Drills.BASE)
class DrillsController {
  static final String ID = "drill-[a-z0-9][a-z0-9_-]{0,200}";
  private static final Pattern ID_PATTERN = Pattern.compile(ID);
  private static final Pattern NAME = Pattern.compile(SafeValues.NAME);

  private final Drills drills;

  DrillsController(Drills drills) {
    this.drills = drills;
  }

  @Operation(
      summary = "Schedule a rollback drill in a non-production environment",
      description =
          "Creates the Temporal Schedule drill-<environment>-<service>-<n>: each run rolls the"
              + " service back to its known-good version and forward again to the version it ran"
              + " (two rollbacks, planned and recorded as POST /rollbacks does, reason \"drill"
              + " <id>\"), records both legs and the time rolling back took against the SLA of"
              + " severity, and announces drill-result. every or cron, exactly one.")
  @ApiResponse(
      responseCode = "201",
      description = "Created: the schedule exists in Temporal and the drill in the api.",
      useReturnTypeSchema = true)
  @ApiResponse(
      responseCode = "409",
      description = "Temporal has a schedule with the new drill's id that this api does not know.")
  @ApiResponse(
      responseCode = "422",
      description =
          "A production environment, or one without a known-good deployment in the registry.")
  @PostMapping
  @RequiresRole(Role.OPERATOR)
  ResponseEntity<DrillView> create(
      @Valid @RequestBody DrillRequest request, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    DrillView created = drills.create(request, caller.identity());
    return ResponseEntity.created(URI.create(created.links().self())).body(created);
  }

  @Operation(
      summary = "List drills with their schedule, next run and past runs",
      description =
          "Oldest drill first; each with its last 20 runs, newest first: started, duration, SLA"
              + " met or not, and each leg's rollback id, versions, status and seconds.")
  @GetMapping
  List<DrillView> list(
      @Parameter(schema = @Schema(type = "string", pattern = SafeValues.NAME))
          @RequestParam(required = false)
          String service,
      @Parameter(schema = @Schema(type = "string", pattern = SafeValues.NAME))
          @RequestParam(required = false)
          String environment) {
    checkName("service", service);
    checkName("environment", environment);
    return drills.list(service, environment);
  }

  @Operation(summary = "One drill with its schedule and past runs")
  @ApiResponse(responseCode = "200", description = "The drill.", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No drill with this id.")
  @GetMapping("/{id}")
  DrillView get(
      @Parameter(schema = @Schema(type = "string", pattern = ID)) @PathVariable String id) {
    checkId(id);
    return drills.get(id);
  }

  @Operation(
      summary = "Run a drill now",
      description =
          "Triggers the drill's schedule, paused or not; the run appears in GET /drills once it"
              + " began.")
  @ApiResponse(responseCode = "202", description = "Triggered.", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "404", description = "No drill with this id.")
  @ApiResponse(
      responseCode = "409",
      description = "The drill is running now, or its schedule is missing in Temporal.")
  @PostMapping("/{id}/run")
  @RequiresRole(Role.OPERATOR)
  ResponseEntity<DrillView> run(
      @Parameter(schema = @Schema(type = "string", pattern = ID)) @PathVariable String id) {
    checkId(id);
    return ResponseEntity.accepted().body(drills.run(id));
  }

  @Operation(
      summary = "Delete a drill",
      description = "Deletes its schedule; a run under way goes on, and past runs stay recorded.")
  @ApiResponse(responseCode = "204", description = "Deleted.")
  @ApiResponse(responseCode = "404", description = "No drill with this id.")
  @DeleteMapping("/{id}")
  @RequiresRole(Role.OPERATOR)
  ResponseEntity<Void> delete(
      @Parameter(schema = @Schema(type = "string", pattern = ID)) @PathVariable String id,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    checkId(id);
    drills.delete(id, caller.identity());
    return ResponseEntity.noContent().build();
  }

  private static void checkId(String id) {
    if (!ID_PATTERN.matcher(id).matches()) {
      throw new InvalidRequestException("id", "must look like drill-<environment>-<service>-<n>");
    }
  }

  private static void checkName(String field, String value) {
    if (value != null && !NAME.matcher(value).matches()) {
      throw new InvalidRequestException(field, SafeValues.NAME_MESSAGE);
    }
  }
}
