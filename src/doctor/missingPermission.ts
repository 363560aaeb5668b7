import type { SourceError } from '../collect/snapshot.js';

/**
 * What a refusal means: the role or Graph permission mi-auditor lacks for a source, and the command
 * that grants it. Only refusals (401/403) name a permission; any other failure (5xx, time-out) is an
 * outage, not a missing grant, and is reported as such by the caller.
 *
 * The roles are the least that work, as granted by infra/auditor-roles.json (README "Deploy"):
 * Reader (every `read` action, which covers Resource Graph, role assignments and definitions, PIM eligibility
 * schedules and diagnostic settings) and Log Analytics Reader
 * (the workspace `query` read actions); Microsoft Graph application permissions
 * are granted by infra/grant-graph-permissions.sh.
 */
export function missingPermission(
  error: SourceError,
  principalId: string,
): { missing?: string; fix?: string } {
  if (error.statusCode !== 401 && error.statusCode !== 403) return {};
  const assign = (role: string, scope: string) =>
    `az role assignment create --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --role "${role}" --scope "${scope}"`;
  const armScope = error.scope.startsWith('/')
    ? error.scope
    : '/providers/Microsoft.Management/managementGroups/<tenant-root-group-id>';
  switch (error.source) {
    case 'keyVaultLogs':
      return {
        missing: 'Log Analytics Reader on the workspace',
        fix: assign('Log Analytics Reader', armScope),
      };
    case 'directory':
      return {
        missing: 'Microsoft Graph application permission Directory.Read.All',
        fix: `bash infra/grant-graph-permissions.sh ${principalId}`,
      };
    case 'applications':
      return {
        missing: 'Microsoft Graph application permission Application.Read.All',
        fix: `bash infra/grant-graph-permissions.sh ${principalId}`,
      };
    default:
      return { missing: `Reader at ${armScope}`, fix: assign('Reader', armScope) };
  }
}
