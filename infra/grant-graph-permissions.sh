#!/usr/bin/env bash
# Grants mi-auditor's managed identity the Microsoft Graph application permissions it reads with.
# ARM templates cannot grant Graph permissions; an administrator who may consent to application
# permissions (Privileged Role Administrator or Global Administrator) runs this once after deploying.
#
#   bash infra/grant-graph-permissions.sh <principalId of the managed identity>
#
# Permissions (each only reads; mi-auditor never writes to the directory):
#   Directory.Read.All    directoryObjects/getByIds: who each role assignee and Key Vault caller is
#                         (user, guest, group, service principal, managed identity), and which
#                         assignees no longer exist (rbac-orphaned-assignment, rbac-guest-privileged,
#                         rbac-service-principal-privileged, kv-non-managed-identity-caller).
#   Application.Read.All  /applications and /servicePrincipals with their credentials' metadata (never
#                         the secret values): app-secret-credential and app-credential-expiry.
# Reference: Microsoft Graph permissions reference, and "Grant an appRoleAssignment to a service
# principal" (POST /servicePrincipals/{id}/appRoleAssignments), Microsoft Learn.
set -euo pipefail

principal="${1:-}"
if [[ ! "$principal" =~ ^[0-9a-fA-F-]{36}$ ]]; then
  echo "usage: $0 <principalId of mi-auditor's managed identity (output principalId of infra/main.json)>" >&2
  exit 2
fi

GRAPH_APP_ID=00000003-0000-0000-c000-000000000000
graph=$(az ad sp show --id "$GRAPH_APP_ID" --query id -o tsv)

for permission in Directory.Read.All Application.Read.All; do
  role=$(az ad sp show --id "$GRAPH_APP_ID" \
    --query "appRoles[?value=='$permission' && contains(allowedMemberTypes, 'Application')].id | [0]" -o tsv)
  held=$(az rest --method GET \
    --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$principal/appRoleAssignments" \
    --query "length(value[?appRoleId=='$role'])" -o tsv)
  if [[ "$held" != "0" ]]; then
    echo "$permission: already granted"
    continue
  fi
  az rest --method POST \
    --uri "https://graph.microsoft.com/v1.0/servicePrincipals/$principal/appRoleAssignments" \
    --headers "Content-Type=application/json" \
    --body "{\"principalId\":\"$principal\",\"resourceId\":\"$graph\",\"appRoleId\":\"$role\"}" \
    --output none
  echo "$permission: granted"
done
