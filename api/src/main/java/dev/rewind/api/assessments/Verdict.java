package dev.rewind.api.assessments;

import java.util.List;

/** The decision matrix's answer: what to do, how severe, and each rule that said so. */
public record Verdict(Decision decision, Severity severity, List<String> reasons) {}
