import type { AuditorIdentity } from '../../collect/snapshot.js';
import { CollectorError } from '../../errors.js';
import type { RunContext } from '../runContext.js';

/** The auditor's identity, or why it has none (then the run fails: it can read nothing). */
export type Identified =
  { ok: true; identity: AuditorIdentity & { tenantId: string } } | { ok: false; error: CollectorError };

/**
 * Stage 1: who the auditor is, from its own token. A CollectorError (no token) fails the run with a
 * report; anything else is a defect and propagates.
 */
export async function identify(run: RunContext): Promise<Identified> {
  run.progress('identity');
  try {
    return { ok: true, identity: await run.deps.identify() };
  } catch (e) {
    if (!(e instanceof CollectorError)) throw e;
    return { ok: false, error: e };
  }
}
