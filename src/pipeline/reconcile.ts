import type { CurrentFinding, HistoryRecord } from '../model/history.js';
import type { FindingState } from '../report/reportModel.js';
import { isBlindTo, type Blindness } from './checkDependencies.js';

export interface Observation {
  /** Checks that ran and could see at least part of the tenant: only their silence can resolve. */
  cleanChecks: ReadonlySet<string>;
  /**
   * Where each check could not see in this run (its needed sources unread for a scope): a finding
   * there stays open. A check absent from the map saw everything it ran over.
   */
  blind?: ReadonlyMap<string, Blindness>;
  /** Subscriptions read in this run (lower-case); findings elsewhere were not observed. */
  readSubscriptions: ReadonlySet<string>;
  /** Whether findings with no subscription (custom roles, management groups) were observed. */
  tenantWide: boolean;
}

export interface Reconciliation {
  states: Map<string, { state: FindingState; firstSeen: string }>;
  resolved: HistoryRecord[];
  history: HistoryRecord[];
  /**
   * The records this run changed, all history needs saving: its new and reopened findings, open ones
   * whose check, resource, principal, subscription, severity or title changed, and those it
   * resolved. The others are as stored: findings resolved in earlier runs, open ones this run could
   * not see, and open ones it saw as they were (rewriting those only to move `lastSeen` would be
   * some 400,000 Table writes a run at a million resources, about 45 µs of CPU each with the Azure
   * client, every run).
   */
  changed: HistoryRecord[];
}

/**
 * Compares this run's findings with history: each is new, existing or reopened; an open finding
 * that is gone is resolved, but only where this run could see it. A partial run never resolves what
 * it could not observe (a failed check, an unread subscription, a source the check needs unread
 * for the finding's subscription or resource, a run limited to other scopes).
 */
export function reconcile(
  current: readonly CurrentFinding[],
  previous: readonly HistoryRecord[],
  observed: Observation,
  now: Date,
): Reconciliation {
  const at = now.toISOString();
  const byId = new Map(previous.map((h) => [h.id, h]));
  const states = new Map<string, { state: FindingState; firstSeen: string }>();
  const history = new Map<string, HistoryRecord>();
  const changed: HistoryRecord[] = [];

  for (const f of current) {
    const h = byId.get(f.id);
    const state: FindingState = !h ? 'new' : h.status === 'resolved' ? 'reopened' : 'existing';
    const firstSeen = h?.firstSeen ?? at;
    states.set(f.id, { state, firstSeen });
    const openedAt = state === 'existing' ? h!.openedAt : at;
    const record = historyRecord(f, firstSeen, at, openedAt, h);
    history.set(f.id, record);
    if (state !== 'existing' || !sameFinding(h!, f)) changed.push(record);
  }

  const resolved: HistoryRecord[] = [];
  for (const h of previous) {
    if (history.has(h.id)) continue;
    const blind = observed.blind?.get(h.checkId);
    const seen =
      observed.cleanChecks.has(h.checkId) &&
      !(blind && isBlindTo(blind, h)) &&
      (h.subscriptionId
        ? observed.readSubscriptions.has(h.subscriptionId.toLowerCase())
        : observed.tenantWide);
    if (h.status === 'open' && seen) {
      const r: HistoryRecord = { ...h, status: 'resolved', resolvedAt: at };
      resolved.push(r);
      changed.push(r);
      history.set(h.id, r);
    } else history.set(h.id, h);
  }
  return { states, resolved, history: [...history.values()], changed };
}

/** Whether an open finding's stored record says what this run's finding says (its `lastSeen` aside). */
function sameFinding(stored: HistoryRecord, f: CurrentFinding): boolean {
  return (
    stored.checkId === f.checkId &&
    stored.resourceId === f.resourceId &&
    stored.principalId === (f.principalId || undefined) &&
    stored.subscriptionId === (f.subscriptionId || undefined) &&
    stored.severity === f.severity &&
    stored.title === f.title
  );
}

/**
 * What history keeps of a finding seen in this run: only the fields of {@link CurrentFinding} (the
 * finding passed may be the whole report finding; its evidence and message are not kept), built
 * property by property in one order so that every record shares one hidden class (an object made
 * by spreading gets a map of its own: about 1 KB more per record).
 */
function historyRecord(
  f: CurrentFinding,
  firstSeen: string,
  at: string,
  openedAt: string,
  previous: HistoryRecord | undefined,
): HistoryRecord {
  const r = {
    id: f.id,
    checkId: f.checkId,
    resourceId: f.resourceId,
    severity: f.severity,
    title: f.title,
  } as HistoryRecord;
  if (f.principalId) r.principalId = f.principalId;
  if (f.subscriptionId) r.subscriptionId = f.subscriptionId;
  r.firstSeen = firstSeen;
  r.lastSeen = at;
  r.status = 'open';
  r.openedAt = openedAt;
  if (previous?.alertedAt) r.alertedAt = previous.alertedAt;
  if (previous?.alertedSinks) r.alertedSinks = previous.alertedSinks;
  return r;
}
