import { DEFAULT_AUDIT_SCHEDULE } from '../config.js';

/**
 * The timer binding's schedule. When `AUDIT_SCHEDULE` is set the binding refers to it as
 * `%AUDIT_SCHEDULE%`, so the Functions host reads the app setting (and a change needs no redeploy);
 * otherwise the daily default is used, because the host refuses a `%SETTING%` that does not exist.
 * It only reads the one variable and never throws: it runs at module load.
 */
export function auditScheduleBinding(env: Record<string, string | undefined>): string {
  return env['AUDIT_SCHEDULE']?.trim() ? '%AUDIT_SCHEDULE%' : DEFAULT_AUDIT_SCHEDULE;
}
