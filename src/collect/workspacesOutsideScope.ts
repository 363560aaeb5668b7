import type { AzureClients } from './azureClients.js';
import { workspacesById } from './queries.js';
import { eachPageForValues } from './queryResourceGraph.js';
import type { LogWorkspace } from './queryKeyVaultLogs.js';
import type { ResourceDiagnostics, SourceError } from './snapshot.js';
import { toSourceError } from './sourceError.js';
import { auditWorkspaces } from '../azure/keyVaultAuditSettings.js';
import { normalizeId, subscriptionOf } from '../azure/scopes.js';

/** Workspace ids per Resource Graph query: each is a quoted id in the query's `in (...)` list. */
const WORKSPACES_PER_QUERY = 50;

/** Workspaces outside the audited scope to query for audited vaults' logs, and failed look-ups. */
export interface WorkspacesOutsideScope {
  /** Each kept to the audited vaults that send it their audit logs. */
  workspaces: LogWorkspace[];
  errors: SourceError[];
}

/**
 * The Log Analytics workspaces outside a scoped run's subscriptions that its vaults send their audit
 * logs to, found in Resource Graph among the readable subscriptions outside the scope. Landing
 * zones send every vault's logs to one central workspace in a management subscription of its own
 * (design area Management: "Create a central Log Analytics workspace", Azure/terraform-azurerm-caf-
 * enterprise-scale wiki; "Log Analytics workspace to use for centralized logging", its example
 * Deploy Management Resources): a run scoped to the
 * workload subscriptions would otherwise read none of their logs, and every log check would say it
 * could not tell. Each workspace is kept to the audited vaults that send it their logs, so the run
 * says nothing about other vaults' logs there. Nothing is read in an unscoped run (every readable
 * workspace is already in scope) or when no vault sends its logs outside.
 */
export async function workspacesOutsideScope(
  clients: AzureClients,
  settings: readonly ResourceDiagnostics[],
  known: ReadonlySet<string>,
  outsideSubscriptions: readonly string[],
): Promise<WorkspacesOutsideScope> {
  const vaultsByWorkspace = new Map<string, string[]>();
  for (const d of settings)
    for (const workspace of auditWorkspaces(d.settings)) {
      const key = normalizeId(workspace);
      if (known.has(key)) continue;
      const vaults = vaultsByWorkspace.get(key);
      if (vaults) vaults.push(d.resourceId.toLowerCase());
      else vaultsByWorkspace.set(key, [d.resourceId.toLowerCase()]);
    }
  const outside = new Set(outsideSubscriptions.map((s) => s.toLowerCase()));
  // Only workspaces in a readable subscription outside the scope can be found there.
  const wanted = [...vaultsByWorkspace.keys()].filter((id) => outside.has(subscriptionOf(id) ?? ''));
  if (wanted.length === 0) return { workspaces: [], errors: [] };

  const workspaces: LogWorkspace[] = [];
  const errors: SourceError[] = [];
  await eachPageForValues<{ id: string; subscriptionId: string; properties?: { customerId?: unknown } }>(
    clients.resourceGraph,
    clients.pacer,
    {
      subscriptions: [...new Set(wanted.map((id) => subscriptionOf(id)!))],
      values: wanted,
      perQuery: WORKSPACES_PER_QUERY,
      queriesOf: (ids) => [workspacesById(ids)],
    },
    (rows) => {
      for (const r of rows) {
        const customerId = r.properties?.customerId;
        if (typeof customerId !== 'string' || !customerId) continue;
        workspaces.push({
          resourceId: r.id,
          customerId,
          subscriptionId: r.subscriptionId.toLowerCase(),
          onlyVaults: vaultsByWorkspace.get(normalizeId(r.id)) ?? [],
        });
      }
    },
    (_batch, ids, e) => {
      for (const id of ids) {
        const error = toSourceError('keyVaultLogs', id, e);
        errors.push({
          ...error,
          message: `Workspace outside the audited scope, looked up in Resource Graph: ${error.message}`,
        });
      }
    },
  );
  return { workspaces, errors };
}
