import { normalizeId, scopeLevel, subscriptionOf } from '../azure/scopes.js';
import { auditWorkspaces, KEY_VAULT_TYPE } from '../checks/lib/keyVaultLogs.js';
import { needsOf } from '../checks/lib/needs.js';
import { describeSourceErrors } from '../checks/lib/sourceErrors.js';
import type { CheckMetadata, Need } from '../checks/types.js';
import type { AuditSnapshot, SourceError } from '../collect/snapshot.js';

/** The scope of the error recorded when the management-group list could not be read. */
const MANAGEMENT_GROUP_LIST = 'managementGroups';
/** The sources read once per management group of that list. */
const READ_PER_MANAGEMENT_GROUP: ReadonlySet<string> = new Set(['roleAssignments']);

/**
 * What a check could not see in this run, from what it needs and what could not be read. Any
 * reason makes the check `error`; a finding whose subscription or resource lies in a blind spot
 * (or any finding, when `everywhere`) is neither resolved nor trusted absent.
 */
export interface Blindness {
  reasons: string[];
  everywhere: boolean;
  /** Subscription ids (lower-case) the check could not see. */
  subscriptions: Set<string>;
  /** Resource ids (normalised) the check could not see. */
  resources: Set<string>;
  /**
   * Resource ids (normalised) where nothing went unread but silence proves nothing: a vault whose
   * audit logs go to no workspace. Findings there rest on rows that were read; their absence does
   * not clear one.
   */
  silent: Set<string>;
}

/** Whether a finding (by its subscription and resource) lies where the check could not see. */
export function isBlindTo(
  blind: Blindness,
  finding: { subscriptionId?: string; resourceId: string },
): boolean {
  return lacksDataFor(blind, finding) || blind.silent.has(normalizeId(finding.resourceId));
}

/**
 * Whether a finding lies where data its check needs went unread (a source refused, cut by the
 * budget): such a finding, if new, may be one the unread part would have cleared.
 */
export function lacksDataFor(
  blind: Blindness,
  finding: { subscriptionId?: string; resourceId: string },
): boolean {
  return (
    blind.everywhere ||
    (finding.subscriptionId !== undefined && blind.subscriptions.has(finding.subscriptionId.toLowerCase())) ||
    blind.resources.has(normalizeId(finding.resourceId))
  );
}

/** Each vault's audit-log coverage: whether every workspace its logs go to was read. */
interface VaultLogCoverage {
  vaultId: string;
  /** Why its logs could not all be read; empty when they were. */
  reasons: string[];
  /** True when its logs go to no workspace at all: the logs say nothing about it. */
  noWorkspace: boolean;
}

/**
 * What the snapshot could not read, indexed once per run for every check: errors by source, and
 * for each Key Vault whether the workspaces its diagnostic settings send audit logs to were read.
 */
export class DependencyIndex {
  private readonly errors = new Map<string, SourceError[]>();
  private vaultCoverage: VaultLogCoverage[] | undefined;

  constructor(private readonly snapshot: AuditSnapshot) {
    // Every source keeps its errors in an `errors` list; collect them whatever the source's shape,
    // so a source added to the snapshot is covered without a change here.
    for (const part of Object.values(snapshot) as unknown[]) {
      const list = (part as { errors?: unknown } | null)?.errors;
      if (!Array.isArray(list)) continue;
      for (const e of list as SourceError[]) {
        const bySource = this.errors.get(e.source);
        if (bySource) bySource.push(e);
        else this.errors.set(e.source, [e]);
      }
    }
  }

  /** What the check with these needs could not see. */
  blindness(metadata: Pick<CheckMetadata, 'needs'>): Blindness {
    const blind: Blindness = {
      reasons: [],
      everywhere: false,
      subscriptions: new Set(),
      resources: new Set(),
      silent: new Set(),
    };
    for (const need of needsOf(metadata)) this.apply(need, blind);
    return blind;
  }

  private apply(need: Need, blind: Blindness): void {
    if (need.scope === 'self') return;
    if (need.scope === 'vaultWorkspaces') {
      for (const vault of this.vaults()) {
        if (vault.reasons.length) {
          blind.resources.add(vault.vaultId);
          for (const reason of vault.reasons) blind.reasons.push(reason);
        } else if (vault.noWorkspace) blind.silent.add(vault.vaultId);
      }
      return;
    }
    // Every source is read per subscription from the subscription list: where that list could not be
    // read (Resource Graph refused or throttled beyond the cap), nothing below it was read either,
    // though the sources themselves report no error of their own.
    // Role assignments are also read per management group, from the management-group list: where
    // that list could not be read, no assignment at a management group was read (and those inherited
    // by every subscription below are unknown).
    const errors = [
      ...(this.errors.get(need.source) ?? []),
      ...(need.source === 'subscriptions'
        ? []
        : (this.errors.get('subscriptions') ?? []).filter(
            (e) =>
              e.scope === 'tenant' ||
              (e.scope === MANAGEMENT_GROUP_LIST && READ_PER_MANAGEMENT_GROUP.has(need.source)),
          )),
    ];
    if (errors.length === 0) return;
    for (const reason of describeSourceErrors(errors)) blind.reasons.push(reason);
    for (const e of errors) {
      const subscription = subscriptionOf(e.scope);
      if (need.scope === 'tenant' || !subscription) blind.everywhere = true;
      else if (need.scope === 'resource' && scopeLevel(e.scope) !== 'subscription')
        blind.resources.add(normalizeId(e.scope));
      else blind.subscriptions.add(subscription);
    }
  }

  private vaults(): VaultLogCoverage[] {
    this.vaultCoverage ??= this.computeVaultCoverage();
    return this.vaultCoverage;
  }

  private computeVaultCoverage(): VaultLogCoverage[] {
    const { snapshot } = this;
    const settings = new Map(
      snapshot.diagnosticSettings.items.map((d) => [normalizeId(d.resourceId), d.settings]),
    );
    const workspaceErrors = new Map<string, SourceError[]>();
    for (const e of this.errors.get('keyVaultLogs') ?? []) {
      const key = normalizeId(e.scope);
      workspaceErrors.set(key, [...(workspaceErrors.get(key) ?? []), e]);
    }
    const workspaces = new Map(snapshot.keyVaultLogs.workspaces.map((w) => [normalizeId(w.resourceId), w]));
    return snapshot.resources.items
      .filter((r) => r.type === KEY_VAULT_TYPE)
      .map((vault) => {
        const vaultId = normalizeId(vault.id);
        const own = settings.get(vaultId);
        if (!own) {
          return {
            vaultId,
            noWorkspace: false,
            reasons: [
              `Key Vault '${vault.name}': its diagnostic settings could not be read, so the workspaces holding its audit logs are unknown`,
            ],
          };
        }
        const destinations = auditWorkspaces(own);
        const reasons = destinations.flatMap((id) => {
          const ws = workspaces.get(normalizeId(id));
          if (!ws)
            return [
              `Key Vault '${vault.name}' sends its audit logs to workspace ${id}, which this audit could not find (in a subscription its identity cannot read, or deleted)`,
            ];
          const failed = workspaceErrors.get(normalizeId(id)) ?? [];
          if (ws.read && failed.length === 0) return [];
          return [
            `Key Vault '${vault.name}' sends its audit logs to workspace ${id}, which could not be read${failed.length ? `: ${describeSourceErrors(failed).join('; ')}` : ''}`,
          ];
        });
        return { vaultId, reasons, noWorkspace: destinations.length === 0 };
      });
  }
}
