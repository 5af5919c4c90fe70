package dev.rewind.api.assessments;

/**
 * What an operator sees after a deployment, the input of {@link DecisionMatrix}. Percentages are
 * 0-100; the optional measurements are null when unknown, {@code fixForwardMinutes} included (an
 * unknown fix time is not a quick one).
 */
public record Symptoms(
    double usersAffectedPercent,
    DataRisk dataRisk,
    Double errorRatePercent,
    Double performanceDegradationPercent,
    Integer fixForwardMinutes,
    boolean securityIssue,
    boolean dataCorruption) {}
