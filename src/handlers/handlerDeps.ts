import { loadConfig } from '../config.js';
import { createAuditDeps } from '../pipeline/createAuditDeps.js';
import type { AuditDeps } from '../pipeline/runAudit.js';

/**
 * How handlers get their dependencies: from the app settings, on each invocation. Tests and the
 * demo point the settings at the emulator and Azurite; nothing else differs from Azure.
 */
export function depsFromSettings(log?: (message: string) => void): AuditDeps {
  return createAuditDeps(loadConfig(), log ? { log } : {});
}
