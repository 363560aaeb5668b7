import type {
  AuditSnapshot,
  GraphApplication,
  GraphCredential,
  GraphServicePrincipal,
} from '../../collect/snapshot.js';
import { appReach, type AppReach } from './appReach.js';
import { signInCredentials, type HeldCredential } from './signInCredentials.js';
import { kindOfEntry } from './principalKind.js';
import { isBroadScope } from '../../azure/scopes.js';
import { describeSourceErrors } from './sourceErrors.js';

export type { HeldCredential };

/** An app (or a service principal without a readable app) that reaches Azure, with its credentials. */
export interface AppSubject {
  servicePrincipal: GraphServicePrincipal;
  application?: GraphApplication;
  reach: AppReach;
  credentials: HeldCredential[];
  /** `/applications/{id}`, or `/servicePrincipals/{id}` when no application object is readable. */
  resourceId: string;
  displayName: string;
}

/**
 * The apps the secrets checks look at: service principals with credentials of their own that hold
 * an Azure role in the audited scopes or read a vault in the window, joined to their app
 * registration. Managed identities and Microsoft's first-party services are left out.
 */
export function appSubjects(snapshot: AuditSnapshot): AppSubject[] {
  const { byObjectId, vaultReadsByAppId } = appReach(snapshot);
  const appsByAppId = new Map(snapshot.applications.applications.map((a) => [a.appId.toLowerCase(), a]));
  const subjects: AppSubject[] = [];
  for (const sp of snapshot.applications.servicePrincipals) {
    const kind = kindOfEntry({
      id: sp.id,
      kind: 'servicePrincipal',
      ...(sp.servicePrincipalType ? { servicePrincipalType: sp.servicePrincipalType } : {}),
      ...(sp.appOwnerOrganizationId ? { appOwnerOrganizationId: sp.appOwnerOrganizationId } : {}),
    });
    if (kind !== 'servicePrincipalWithCredentials') continue;
    const reach: AppReach = {
      roleAssignments: byObjectId.get(sp.id)?.roleAssignments ?? [],
      vaultReads: [...(byObjectId.get(sp.id)?.vaultReads ?? []), ...(vaultReadsByAppId.get(sp.appId) ?? [])],
    };
    if (!reach.roleAssignments.length && !reach.vaultReads.length) continue;
    const application = appsByAppId.get(sp.appId);
    const credentials: HeldCredential[] = [
      ...(application ? signInCredentials('application', application) : []),
      ...signInCredentials('servicePrincipal', sp),
    ];
    subjects.push({
      servicePrincipal: sp,
      ...(application ? { application } : {}),
      reach,
      credentials,
      resourceId: application ? `/applications/${application.id}` : `/servicePrincipals/${sp.id}`,
      displayName: application?.displayName ?? sp.displayName ?? sp.appId,
    });
  }
  return subjects;
}

/** True when the credential's end date has passed. A credential without an end never expires. */
export function isExpired(c: GraphCredential, now: Date): boolean {
  return c.endDateTime ? Date.parse(c.endDateTime) <= now.getTime() : false;
}

/** True when any role assignment is at management-group, root or subscription scope. */
export function hasBroadRole(reach: AppReach): boolean {
  return reach.roleAssignments.some((a) => isBroadScope(a.scope));
}

/** Evidence shared by both checks: every credential, role assignment and vault, and sign-in use where known. */
export function subjectEvidence(
  subject: AppSubject,
  snapshot: AuditSnapshot,
  now: Date,
): Record<string, unknown> {
  const uses = new Map(
    snapshot.signIns.credentials
      .filter((u) => u.servicePrincipalId === subject.servicePrincipal.id)
      .map((u) => [u.keyId.toLowerCase(), u]),
  );
  const vaults = new Map<
    string,
    { vaultId: string; operations: Set<string>; reads: number; lastSeen: string }
  >();
  for (const r of subject.reach.vaultReads) {
    const v = vaults.get(r.vaultId) ?? {
      vaultId: r.vaultId,
      operations: new Set(),
      reads: 0,
      lastSeen: r.lastSeen,
    };
    v.operations.add(r.operation);
    v.reads += r.count;
    if (r.lastSeen > v.lastSeen) v.lastSeen = r.lastSeen;
    vaults.set(r.vaultId, v);
  }
  const app = subject.application;
  return {
    appId: subject.servicePrincipal.appId,
    servicePrincipalId: subject.servicePrincipal.id,
    ...(app ? { applicationObjectId: app.id } : {}),
    credentials: subject.credentials.map((h) => {
      const use = uses.get(h.credential.keyId);
      return {
        type: h.kind,
        on: h.on,
        keyId: h.credential.keyId,
        displayName: h.credential.displayName ?? null,
        ...(h.kind === 'clientSecret' ? { hint: h.credential.hint ?? null } : {}),
        startDateTime: h.credential.startDateTime ?? null,
        endDateTime: h.credential.endDateTime ?? null,
        expired: isExpired(h.credential, now),
        ...(snapshot.signIns.read
          ? {
              lastUsed: use
                ? { time: use.lastSignIn, ipAddress: use.ipAddress ?? null, signIns: use.signIns }
                : `not used since ${snapshot.signIns.windowStart ?? 'the start of the sign-in logs read'}`,
            }
          : {}),
      };
    }),
    roleAssignments: subject.reach.roleAssignments.map((a) => ({
      id: a.id,
      roleDefinitionId: a.roleDefinitionId,
      scope: a.scope,
    })),
    vaults: [...vaults.values()].map((v) => ({
      vaultId: v.vaultId,
      operations: [...v.operations].sort(),
      reads: v.reads,
      lastSeen: v.lastSeen,
    })),
    federatedIdentityCredentials: app
      ? (app.federatedIdentityCredentials?.map((f) => ({
          name: f.name,
          issuer: f.issuer,
          subject: f.subject,
        })) ?? 'could not be read')
      : 'no application object in this tenant',
  };
}

/** Why the secrets checks could not see every app: any of these makes them `error`. */
export function appDataErrors(snapshot: AuditSnapshot): string[] {
  return describeSourceErrors([
    ...snapshot.roleAssignments.errors,
    ...snapshot.keyVaultLogs.errors,
    ...snapshot.directory.errors,
    ...snapshot.applications.errors,
  ]);
}

/** What the app can reach, in words, for messages. */
export function reachSummary(subject: AppSubject): string {
  const parts: string[] = [];
  const roles = subject.reach.roleAssignments.length;
  if (roles) parts.push(`${roles} Azure role assignment${roles === 1 ? '' : 's'}`);
  const vaults = new Set(subject.reach.vaultReads.map((r) => r.vaultId)).size;
  if (vaults) parts.push(`reads of ${vaults} Key Vault${vaults === 1 ? '' : 's'}`);
  return parts.join(' and ');
}
