/**
 * The steps of an audit, in order, as progress displays show them: the pipeline's stages and the
 * collector's phases report these names, the timer handler logs them as `audit: <step>`, and the
 * demo's progress bar reads them back from that log. The one list of them.
 */
export const PROGRESS_STEPS = [
  'identity',
  'subscriptions and management groups',
  'resources and role assignments',
  'Key Vault diagnostic settings and audit logs',
  'directory look-ups',
  'app registrations of the principals that reach Azure',
  'evaluate',
  'reconcile',
  'report',
  'alert',
] as const;

/** One step of {@link PROGRESS_STEPS}. */
export type ProgressStep = (typeof PROGRESS_STEPS)[number];

/** Told each step as the audit reaches it. */
export type ProgressListener = (step: ProgressStep) => void;

/** The log line that announces a step (the Functions log of a timer run). */
export function progressLogLine(step: ProgressStep): string {
  return `audit: ${step}`;
}

/** The step a log line announces, if it is one of {@link progressLogLine}'s lines. */
export function stepOfLogLine(line: string): ProgressStep | undefined {
  const text = /^audit: (.*)$/.exec(line)?.[1];
  return PROGRESS_STEPS.find((s) => s === text);
}
