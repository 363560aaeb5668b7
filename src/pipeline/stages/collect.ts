import type { CollectPlan } from '../../collect/collectSnapshot.js';
import type { AuditSnapshot } from '../../collect/snapshot.js';
import type { RunContext } from '../runContext.js';

/** Stage 3: reads the snapshot. Every source records what it could not read rather than throwing. */
export async function collect(run: RunContext, collectPlan: CollectPlan): Promise<AuditSnapshot> {
  return run.deps.collect(collectPlan, run.progress);
}
