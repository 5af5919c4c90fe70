package dev.rewind.api.assessments;

import dev.rewind.api.rollbacks.RollbackStarter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** The answer to {@code POST /api/v1/assessments}. */
@Schema(description = "The decision matrix's answer, and the rollback it started, if asked to.")
record AssessmentResponse(
    String service,
    String environment,
    Decision decision,
    Severity severity,
    @Schema(description = "Act by then; null: the next release.") Instant deadline,
    @Schema(description = "The deadline in the runbooks' words.") String timeline,
    @Schema(description = "The chain that undoes what changed since the known-good version.")
        List<String> strategies,
    @Schema(description = "The registry's current version.") String currentVersion,
    @Schema(description = "The registry's known-good version, the rollback's target.")
        String knownGoodVersion,
    @Schema(description = "Each rule that decided, and each part that changed.")
        List<String> reasons,
    @Schema(description = "The rollback started (start: true and ROLLBACK), else null.")
        RollbackStarter.Started rollback) {}
