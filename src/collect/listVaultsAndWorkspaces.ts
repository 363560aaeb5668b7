import type { AzureClients } from './azureClients.js';
import { VAULTS_AND_WORKSPACES_QUERY } from './queries.js';
import { MAX_SUBSCRIPTIONS_PER_QUERY, queryResourceGraph } from './queryResourceGraph.js';
import type { WorkspaceInfo } from './snapshot.js';

/** The Key Vaults and workspaces of the readable subscriptions, or undefined when a batch failed. */
export interface VaultsAndWorkspaces {
  vaults: string[];
  workspaces: Omit<WorkspaceInfo, 'read'>[];
}

interface Row {
  id: string;
  type: string;
  subscriptionId: string;
  customerId?: string | null;
}

/**
 * Reads the vaults and workspaces with one small Resource Graph query (per thousand subscriptions),
 * so the Key Vault stage need not wait for every resource page. Undefined when any batch failed: the
 * caller then takes them from the full resource read, whose errors the checks already account for.
 */
export async function listVaultsAndWorkspaces(
  clients: Pick<AzureClients, 'resourceGraph' | 'pacer'>,
  subscriptions: readonly string[],
): Promise<VaultsAndWorkspaces | undefined> {
  const out: VaultsAndWorkspaces = { vaults: [], workspaces: [] };
  try {
    for (let i = 0; i < subscriptions.length; i += MAX_SUBSCRIPTIONS_PER_QUERY) {
      const rows = await queryResourceGraph<Row>(
        clients.resourceGraph,
        VAULTS_AND_WORKSPACES_QUERY,
        { subscriptions: subscriptions.slice(i, i + MAX_SUBSCRIPTIONS_PER_QUERY) },
        clients.pacer,
      );
      for (const r of rows) {
        if (r.type.toLowerCase() === 'microsoft.keyvault/vaults') out.vaults.push(r.id);
        else if (r.customerId)
          out.workspaces.push({
            resourceId: r.id,
            customerId: r.customerId,
            subscriptionId: r.subscriptionId.toLowerCase(),
          });
      }
    }
  } catch {
    return undefined;
  }
  return out;
}
