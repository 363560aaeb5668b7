import { LogsQueryResultStatus, type LogsTable } from '@azure/monitor-query-logs';

import type { AzureClients } from './azureClients.js';
import { SP_SIGNIN_QUERY } from './queries.js';
import type { CredentialUse, SignInEvidence, SourceError, WorkspaceInfo } from './snapshot.js';
import { toSourceError } from './sourceError.js';

function rowsOf(table: LogsTable | undefined): Record<string, unknown>[] {
  if (!table) return [];
  const names = table.columnDescriptors.map((c) => c.name ?? '');
  return table.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
}

/**
 * A table the workspace does not have: Log Analytics answers 400 BadArgumentError / SemanticError
 * with SEM0100 "Failed to resolve table or column expression named ..." (docs/tenant-fixture.md;
 * Log Analytics creates a table only once it received rows). That is "no sign-in logs here", not
 * an error.
 */
function isAbsentTable(e: unknown): boolean {
  const err = e as {
    statusCode?: unknown;
    code?: unknown;
    message?: unknown;
    details?: unknown;
    response?: { bodyAsText?: string | null };
  };
  const text = `${typeof err.code === 'string' ? err.code : ''} ${typeof err.message === 'string' ? err.message : ''} ${JSON.stringify(err.details ?? '')} ${err.response?.bodyAsText ?? ''}`;
  return err.statusCode === 400 && /SEM0100|Failed to resolve table/i.test(text);
}

/**
 * Optional evidence: when and from where each credential of the given service principals last
 * signed in, from AADServicePrincipalSignInLogs in every readable workspace. A workspace without
 * the table is skipped silently; `read` says whether any workspace had it, so that an unused secret
 * is called unused only when the logs were there to show it.
 */
export async function querySignIns(
  clients: Pick<AzureClients, 'logs'>,
  workspaces: readonly WorkspaceInfo[],
  servicePrincipalIds: ReadonlySet<string>,
  window: { start: Date; duration: string },
): Promise<SignInEvidence> {
  const byKey = new Map<string, CredentialUse>();
  const errors: SourceError[] = [];
  let read = false;
  if (servicePrincipalIds.size === 0) return { credentials: [], read, errors };
  await Promise.all(
    workspaces
      .filter((w) => w.read)
      .map(async (ws) => {
        try {
          const result = await clients.logs.queryWorkspace(
            ws.customerId,
            SP_SIGNIN_QUERY,
            { duration: window.duration },
            { serverTimeoutInSeconds: 120 },
          );
          const table =
            result.status === LogsQueryResultStatus.Success ? result.tables[0] : result.partialTables[0];
          if (result.status !== LogsQueryResultStatus.Success) {
            errors.push({
              source: 'signInLogs',
              scope: ws.resourceId,
              ...(result.partialError.code ? { code: result.partialError.code } : {}),
              message: `AADServicePrincipalSignInLogs: partial result: ${result.partialError.message}`,
            });
          }
          read = true;
          for (const row of rowsOf(table)) {
            const servicePrincipalId =
              typeof row['servicePrincipalId'] === 'string' ? row['servicePrincipalId'] : '';
            const keyId = typeof row['keyId'] === 'string' ? row['keyId'] : '';
            if (!servicePrincipalIds.has(servicePrincipalId) || !keyId) continue;
            const time = row['TimeGenerated'];
            const lastSignIn =
              time instanceof Date ? time.toISOString() : typeof time === 'string' ? time : '';
            const ip = row['IPAddress'];
            const signIns = Number(row['signIns'] ?? 0);
            const key = `${servicePrincipalId}|${keyId}`;
            const before = byKey.get(key);
            if (!before || before.lastSignIn < lastSignIn) {
              byKey.set(key, {
                servicePrincipalId,
                keyId,
                lastSignIn,
                ...(typeof ip === 'string' && ip ? { ipAddress: ip } : {}),
                signIns: signIns + (before?.signIns ?? 0),
              });
            } else before.signIns += signIns;
          }
        } catch (e) {
          if (!isAbsentTable(e)) errors.push(toSourceError('signInLogs', ws.resourceId, e));
        }
      }),
  );
  return { credentials: [...byKey.values()], read, windowStart: window.start.toISOString(), errors };
}
