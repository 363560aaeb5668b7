import type { InvocationContext, Timer } from '@azure/functions';

import { loadConfig } from '../config.js';

/** Timer handler: runs a full audit on the schedule of AUDIT_SCHEDULE. */
export async function auditTimer(timer: Timer, context: InvocationContext): Promise<void> {
  const config = loadConfig();
  context.log(`audit timer fired (past due: ${timer.isPastDue}); schedule ${config.auditSchedule}`);
  await Promise.resolve();
  context.warn('The audit pipeline is not built yet.');
}
