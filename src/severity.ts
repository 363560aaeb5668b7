/** Finding severities, most severe first. The order is used for thresholds and sorting. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'informational'] as const;

export type Severity = (typeof SEVERITIES)[number];

/** Rank of a severity: 0 is the most severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at least as severe as `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** One step less severe (informational stays). Used where a mitigation lowers but never excuses. */
export function lowerSeverity(severity: Severity): Severity {
  return SEVERITIES[Math.min(severityRank(severity) + 1, SEVERITIES.length - 1)]!;
}
