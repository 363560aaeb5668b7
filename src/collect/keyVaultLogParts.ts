/**
 * How a Key Vault log aggregate is cut into queries that stay under Log Analytics' query API limits
 * (Microsoft Learn, "Azure Monitor service limits", Log Analytics workspaces → Query API:
 * https://learn.microsoft.com/azure/azure-monitor/fundamentals/service-limits#la-query-api — at most
 * 500,000 records and about 100 MB (64 MB compressed) returned by one query). Past either limit the
 * service truncates the result and reports a partial failure, E_QUERY_RESULT_SET_TOO_LARGE
 * (https://learn.microsoft.com/kusto/concepts/result-truncation).
 */

/** The query API's limits on one result. */
export const LOG_QUERY_API_LIMITS = { rows: 500_000, bytes: 104_857_600 } as const;

/**
 * Raw log rows one aggregate query may cover. An aggregate row never stands for fewer than one raw
 * row, so a query over at most this many raw rows returns at most this many aggregate rows; at the
 * ~350 bytes an aggregate row takes on the wire (measured: 403k rows, 135 MB) that is about 70 MB,
 * under both limits.
 */
export const RAW_ROWS_PER_QUERY = 200_000;

/** Raw audit rows of one vault in the window (from the volume query). */
export interface VaultVolume {
  /** Lower-cased vault resource id, as the aggregate's `vaultId`. */
  vaultId: string;
  rows: number;
}

/** One aggregate query: all vaults, or a contiguous run of them by id; the whole window or a slice. */
export interface LogQueryPart {
  /** Sorted lower-cased vault ids; undefined: every vault. */
  vaults?: string[];
  /** An absolute slice of the window on the service's clock; undefined: the whole look-back. */
  window?: { start: Date; end: Date };
}

/** A slice shorter than this is not cut further: the part is reported as truncated instead. */
export const MIN_SLICE_MS = 60_000;

/**
 * The parts that cover every vault with at most `budget` raw rows each: one part when the whole
 * table fits, else contiguous runs of vaults sorted by id (a vault larger than the budget alone).
 */
export function partsByVolume(volumes: readonly VaultVolume[], budget = RAW_ROWS_PER_QUERY): LogQueryPart[] {
  let total = 0;
  for (const v of volumes) total += v.rows;
  if (total <= budget) return [{}];
  const sorted = [...volumes].sort((a, b) => (a.vaultId < b.vaultId ? -1 : a.vaultId > b.vaultId ? 1 : 0));
  const parts: LogQueryPart[] = [];
  let run: string[] = [];
  let rows = 0;
  for (const v of sorted) {
    if (run.length > 0 && rows + v.rows > budget) {
      parts.push({ vaults: run });
      run = [];
      rows = 0;
    }
    run.push(v.vaultId);
    rows += v.rows;
  }
  if (run.length > 0) parts.push({ vaults: run });
  return parts;
}

/**
 * Halves a part whose result was truncated: by vaults while it holds more than one, else by time.
 * Undefined when it cannot be cut further (one vault, a slice under {@link MIN_SLICE_MS}).
 * `allVaults` stands in for a part over every vault; `window` for one over the whole look-back.
 */
export function splitPart(
  part: LogQueryPart,
  allVaults: readonly string[],
  window: { start: Date; end: Date },
): LogQueryPart[] | undefined {
  const vaults = part.vaults ?? [...allVaults].sort();
  if (vaults.length > 1) {
    const half = Math.ceil(vaults.length / 2);
    return [
      { ...part, vaults: vaults.slice(0, half) },
      { ...part, vaults: vaults.slice(half) },
    ];
  }
  const w = part.window ?? window;
  const span = w.end.getTime() - w.start.getTime();
  if (span < 2 * MIN_SLICE_MS) return undefined;
  const middle = new Date(w.start.getTime() + Math.floor(span / 2));
  const base = vaults.length === 1 ? { vaults } : {};
  return [
    { ...base, window: { start: w.start, end: middle } },
    { ...base, window: { start: middle, end: w.end } },
  ];
}

/** Words for a part in error messages: which vaults and which slice. */
export function describePart(part: LogQueryPart): string {
  const vaults = part.vaults
    ? part.vaults.length === 1
      ? `vault ${part.vaults[0]}`
      : `${part.vaults.length} vaults ${part.vaults[0]} .. ${part.vaults.at(-1)}`
    : 'every vault';
  return part.window
    ? `${vaults}, ${part.window.start.toISOString()} to ${part.window.end.toISOString()}`
    : vaults;
}
