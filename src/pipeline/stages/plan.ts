import type { CollectPlan } from '../../collect/collectSnapshot.js';
import type { AuditorIdentity } from '../../collect/snapshot.js';
import type { RunContext } from '../runContext.js';

/** Stage 2: what to read: the request's scopes over the configured ones, the look-back window. */
export function plan(run: RunContext, identity: AuditorIdentity & { tenantId: string }): CollectPlan {
  const { config } = run.deps;
  return {
    tenantId: identity.tenantId || config.tenantId || '',
    auditor: identity,
    subscriptions: run.request.subscriptions ?? config.subscriptions,
    managementGroups: config.managementGroups,
    lookback: run.lookback,
    now: run.startedAt,
    roleDataSource: config.roleDataSource,
  };
}
