package dev.rewind.api.deployments;

import dev.rewind.api.catalog.CatalogLookup;
import dev.rewind.api.security.Caller;
import dev.rewind.api.security.RequiresRole;
import dev.rewind.api.security.Role;
import dev.rewind.api.web.FieldProblem;
import dev.rewind.api.web.FlagValues;
import dev.rewind.api.web.InvalidRequestException;
import dev.rewind.api.web.QueryLimit;
import dev.rewind.api.web.SafeValues;
import dev.rewind.catalog.ServiceEnvironment;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The deployment registry: pipelines record what they deployed; anyone with a token reads it. */
@RestController
class DeploymentsController {
  private final DeploymentRegistry registry;
  private final CatalogLookup catalog;

  DeploymentsController(DeploymentRegistry registry, CatalogLookup catalog) {
    this.registry = registry;
    this.catalog = catalog;
  }

  @ApiResponse(
      responseCode = "201",
      description = "Recorded: the registry entry.",
      useReturnTypeSchema = true)
  @PostMapping("/api/v1/deployments")
  @RequiresRole(Role.PIPELINE)
  ResponseEntity<Deployment> record(
      @Valid @RequestBody DeploymentRequest request,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    List<FieldProblem> problems = new ArrayList<>();
    ServiceEnvironment env = catalog.find(request.service(), request.environment(), problems);
    // container-revert runs <catalog image>:<version>: an image naming anything else would be a
    // lie.
    if (env != null && env.container() != null && request.image() != null) {
      String expected = env.container().image() + ":" + request.version();
      if (!request.image().equals(expected)) {
        problems.add(
            new FieldProblem(
                "image",
                "must be " + expected + " (the catalog's image, tagged with the version)"));
      }
    }
    if (env != null && request.backup() != null) {
      checkBackup(request, env, problems);
    }
    if (env != null && request.flags() != null) {
      checkFlags(request, env, problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(registry.record(request, caller.identity()));
  }

  /** A backup a later backup-restore may use lies under the catalog's database.backupDir. */
  private static void checkBackup(
      DeploymentRequest request, ServiceEnvironment env, List<FieldProblem> problems) {
    String dir = env.database() == null ? null : env.database().backupDir();
    if (dir == null) {
      problems.add(
          new FieldProblem(
              "backup",
              "services."
                  + request.service()
                  + "."
                  + request.environment()
                  + " declares no database.backupDir in the catalog: no backup can be recorded"));
    } else if (!SafeValues.isUnder(dir, request.backup())) {
      problems.add(
          new FieldProblem("backup", "must be under the catalog's database.backupDir " + dir));
    }
  }

  /** Flags a later feature-flag rollback restores: names and values the catalog accepts. */
  private static void checkFlags(
      DeploymentRequest request, ServiceEnvironment env, List<FieldProblem> problems) {
    if (env.flags() == null) {
      problems.add(
          new FieldProblem(
              "flags",
              "services."
                  + request.service()
                  + "."
                  + request.environment()
                  + " declares no flags section in the catalog: no flags can be recorded"));
    } else {
      FlagValues.read("flags", request.flags(), env.flags(), "", problems);
    }
  }

  @GetMapping("/api/v1/services/{service}/environments/{environment}/deployments")
  List<Deployment> history(
      @PathVariable String service,
      @PathVariable String environment,
      @Parameter(
              schema =
                  @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
          @RequestParam(name = "limit", required = false)
          String limitParam) {
    List<FieldProblem> problems = new ArrayList<>();
    catalog.find(service, environment, problems);
    int limit = QueryLimit.parse(limitParam);
    if (limit < 1) {
      problems.add(new FieldProblem("limit", QueryLimit.MESSAGE));
    }
    if (!problems.isEmpty()) {
      throw new InvalidRequestException(problems);
    }
    return registry.history(service, environment, limit);
  }
}
