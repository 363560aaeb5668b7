import type { CheckMetadata } from '../checks/types.js';
import type { AuditSnapshot, ManagementGroupInfo, ResourceRow } from '../collect/snapshot.js';
import { portalAccessControlLink, portalResourceLink } from './portalLinks.js';
import { fillCommand, type CommandValues } from './remediationCommand.js';
import type { ReportFinding } from './reportModel.js';

const DAY_MS = 86_400_000;
const USER_KINDS = new Set(['member', 'guest', 'user']);
const ROLE_ASSIGNMENT = /\/providers\/microsoft\.authorization\/roleassignments\/[^/]+$/i;
const KEY_VAULT = /\/providers\/microsoft\.keyvault\/vaults\/[^/]+$/i;
// Trailing slashes allowed in the pattern itself: anchored at the start, it gives up at once on the
// subscription ids most findings live at, where a replace first would scan every id.
const MG_SCOPE = /^\/providers\/microsoft\.management\/managementgroups\/([^/]+)\/*$/i;

/**
 * What the report needs from the snapshot to say who owns a finding, indexed once (Maps keyed by
 * lower-cased id), so that describing each finding is constant time however large the tenant.
 */
export interface OwnershipIndex {
  tenantId: string;
  ownerTag: string;
  now: Date;
  subscriptions: Map<string, { name: string; managementGroupPath: string[] }>;
  managementGroups: Map<string, ManagementGroupInfo>;
  resources: Map<string, ResourceRow>;
  principals: AuditSnapshot['directory']['principals'];
  /**
   * The workspace a remediation command names for a subscription: the first one read in that
   * subscription (keys lower-cased), else {@link anyWorkspace}. Indexed once: a tenant can have a
   * workspace per subscription, and a look-up by search per finding was findings × workspaces.
   */
  workspaceBySubscription: Map<string, string>;
  /** The first workspace read anywhere, or undefined. */
  anyWorkspace: string | undefined;
  checks: Map<string, Pick<CheckMetadata, 'area' | 'learnUrl'>>;
}

/** Indexes the snapshot for {@link ownFinding}. */
export function ownershipIndex(
  snapshot: AuditSnapshot,
  options: {
    ownerTag: string;
    now: Date;
    checks: readonly Pick<CheckMetadata, 'id' | 'area' | 'learnUrl'>[];
    /**
     * The lower-cased ids the findings name (their resources and scopes, {@link namedIds}): only
     * those resources are indexed, so the index is the size of the report, not of the tenant (a
     * million lower-cased ids held through the report stage). Absent: every resource.
     */
    named?: ReadonlySet<string>;
  },
): OwnershipIndex {
  const managementGroups = new Map(snapshot.managementGroups.items.map((g) => [g.name.toLowerCase(), g]));
  const subscriptions = new Map(
    snapshot.subscriptions.items.map((s) => [
      s.subscriptionId.toLowerCase(),
      // Resource Graph's managementGroupAncestorsChain lists the nearest group first; a path reads root first.
      { name: s.displayName, managementGroupPath: [...s.managementGroupAncestors].reverse() },
    ]),
  );
  return {
    tenantId: snapshot.tenantId,
    ownerTag: options.ownerTag,
    now: options.now,
    subscriptions,
    managementGroups,
    resources: resourcesById(snapshot.resources.items, options.named),
    principals: snapshot.directory.principals,
    ...workspaceIndex(snapshot.keyVaultLogs.workspaces),
    checks: new Map(options.checks.map((c) => [c.id, { area: c.area, learnUrl: c.learnUrl }])),
  };
}

/** The ids (lower-cased) a finding may be described by: its resource and, for a grant, its scope. */
export function namedIds(findings: readonly Pick<ReportFinding, 'resourceId' | 'evidence'>[]): Set<string> {
  const ids = new Set<string>();
  for (const f of findings) {
    ids.add(f.resourceId.toLowerCase());
    const scope = text(f.evidence['scope']);
    if (scope !== undefined) ids.add(scope.toLowerCase());
  }
  return ids;
}

function workspaceIndex(
  workspaces: readonly { resourceId: string; subscriptionId: string; read: boolean }[],
): Pick<OwnershipIndex, 'workspaceBySubscription' | 'anyWorkspace'> {
  const workspaceBySubscription = new Map<string, string>();
  let anyWorkspace: string | undefined;
  for (const w of workspaces) {
    if (!w.read) continue;
    anyWorkspace ??= w.resourceId;
    const key = w.subscriptionId.toLowerCase();
    if (!workspaceBySubscription.has(key)) workspaceBySubscription.set(key, w.resourceId);
  }
  return { workspaceBySubscription, anyWorkspace };
}

function resourcesById(rows: readonly ResourceRow[], named: ReadonlySet<string> | undefined) {
  const byId = new Map<string, ResourceRow>();
  for (const r of rows) {
    const id = r.id.toLowerCase();
    if (!named || named.has(id)) byId.set(id, r);
  }
  return byId;
}

/** Management groups from a group up to the root, returned root first; stops on a cycle. */
function managementGroupChain(index: OwnershipIndex, name: string): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  let current: string | null | undefined = name;
  while (current && !seen.has(current.toLowerCase())) {
    seen.add(current.toLowerCase());
    chain.push(current);
    current = index.managementGroups.get(current.toLowerCase())?.parent;
  }
  return chain.reverse();
}

/** A tag's value by name, compared case-insensitively as Azure compares tag names. */
function tagValue(tags: Record<string, string> | null | undefined, name: string): string | undefined {
  if (!tags) return undefined;
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(tags)) if (k.toLowerCase() === wanted && v.trim()) return v.trim();
  return undefined;
}

function principalName(index: OwnershipIndex, principalId: string): string | undefined {
  const p = index.principals[principalId.toLowerCase()];
  if (!p) return undefined;
  const name = p.displayName ?? principalId;
  return p.userPrincipalName && p.userPrincipalName !== name ? `${name} (${p.userPrincipalName})` : name;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/**
 * Adds who and where to a finding: its resource group, subscription name, management-group path,
 * tags, an owner (the `ownerTag` tag of the resource, else for role findings the principal holding
 * the grant), its age, links to the portal and Microsoft Learn, and the remediation command with
 * the finding's real ids in place of the template's placeholders. Returns a described copy; the
 * pipeline describes its findings in place ({@link describeFinding}).
 */
export function ownFinding(finding: ReportFinding, index: OwnershipIndex): ReportFinding {
  return describeFinding({ ...finding }, index);
}

/**
 * {@link ownFinding} on the finding itself: the new members are added in the report's key order
 * (after the check's, `remediation` replaced where it stands), one property at a time, so that the
 * report's findings share a few hidden classes instead of one each (a spread copy costs about 1 KB
 * of map and descriptors per finding, and a copy of every finding).
 */
export function describeFinding(finding: ReportFinding, index: OwnershipIndex): ReportFinding {
  const evidence = finding.evidence;
  const check = index.checks.get(finding.checkId);
  const isAssignment = ROLE_ASSIGNMENT.test(finding.resourceId);
  // Role findings are about a grant at a scope: where it lives is the scope, not the assignment id.
  const scope = text(evidence['scope']);
  const place =
    (check?.area === 'roles' || check?.area === 'self') && scope !== undefined ? scope : finding.resourceId;
  const subscriptionId =
    finding.subscriptionId ?? /^\/subscriptions\/([^/]+)/i.exec(place)?.[1]?.toLowerCase();
  const subscription = subscriptionId ? index.subscriptions.get(subscriptionId.toLowerCase()) : undefined;
  const resourceGroup = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)/i.exec(place)?.[1];
  const mgName = MG_SCOPE.exec(place)?.[1];
  const managementGroupPath =
    subscription?.managementGroupPath ??
    (mgName ? managementGroupChain(index, mgName) : place === '/' ? [index.tenantId] : undefined);
  const resource =
    index.resources.get(finding.resourceId.toLowerCase()) ?? index.resources.get(place.toLowerCase());
  const tags = resource?.tags ?? undefined;
  const principal = finding.principalId ? principalName(index, finding.principalId) : undefined;
  const taggedOwner = tagValue(tags, index.ownerTag);
  const roleFinding = check?.area === 'roles' || check?.area === 'self';
  const owner =
    taggedOwner ?? (roleFinding && finding.principalId ? (principal ?? finding.principalId) : undefined);

  // Authorization objects (assignments, eligibilities, role definitions) have no blade of their own:
  // they are managed in the access control blade of the scope they live at.
  const authorization = /\/providers\/microsoft\.authorization\//i.exec(finding.resourceId);
  const authorizationScope = authorization
    ? finding.resourceId.slice(0, authorization.index) || '/'
    : undefined;
  const iamScope = roleFinding && scope !== undefined ? scope : authorizationScope;
  const rootGroup = `/providers/Microsoft.Management/managementGroups/${index.tenantId}`;
  const linkable = (id: string) => (id === '/' ? rootGroup : id);
  const links: NonNullable<ReportFinding['links']> = {
    portal: portalResourceLink(index.tenantId, linkable(iamScope ?? finding.resourceId)),
    ...(iamScope !== undefined || /^\/subscriptions\/[^/]+$/i.test(finding.resourceId)
      ? { accessControl: portalAccessControlLink(index.tenantId, linkable(iamScope ?? finding.resourceId)) }
      : {}),
    ...(check?.learnUrl ? { learn: check.learnUrl } : {}),
  };

  const workspaceId =
    (subscriptionId ? index.workspaceBySubscription.get(subscriptionId.toLowerCase()) : undefined) ??
    index.anyWorkspace;
  const values: CommandValues = {
    resourceId: finding.resourceId,
    vaultId: KEY_VAULT.test(finding.resourceId) ? finding.resourceId : text(evidence['vaultId']),
    roleAssignmentId: isAssignment ? finding.resourceId : undefined,
    principalId: finding.principalId,
    subscriptionId,
    // A user's token names the client it signed in with (Azure CLI, say), not an app the tenant owns.
    appId: USER_KINDS.has(String(evidence['callerKind']))
      ? undefined
      : (text(evidence['appId']) ??
        text(evidence['callerAppId']) ??
        (finding.principalId ? index.principals[finding.principalId.toLowerCase()]?.appId : undefined)),
    role: text(evidence['roleName']),
    managementGroupScope: scope,
    workspaceId,
  };

  const firstSeen = Date.parse(finding.firstSeen);
  const f = finding;
  if (resourceGroup) f.resourceGroup = resourceGroup;
  if (subscriptionId && !f.subscriptionId) f.subscriptionId = subscriptionId;
  if (subscription) f.subscriptionName = subscription.name;
  if (managementGroupPath?.length) f.managementGroupPath = managementGroupPath;
  if (tags && Object.keys(tags).length) f.tags = tags;
  if (owner) {
    f.owner = owner;
    f.ownerSource = taggedOwner ? 'tag' : 'principal';
  }
  if (principal) f.principalName = principal;
  f.ageDays = Number.isNaN(firstSeen)
    ? 0
    : Math.max(0, Math.floor((index.now.getTime() - firstSeen) / DAY_MS));
  f.links = links;
  f.remediation = { text: f.remediation.text, cli: fillCommand(f.remediation.cli, values) };
  return f;
}
