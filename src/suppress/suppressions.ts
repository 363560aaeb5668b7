import { z } from 'zod';

import { InputError } from '../errors.js';
import type { ReportFinding } from '../report/reportModel.js';
import { compileGlob, type GlobMatcher } from './globMatcher.js';

const suppressionSchema = z
  .object({
    checkId: z.string().min(1).optional(),
    /** Resource id pattern; `*` matches any run of characters; case-insensitive. */
    resourceId: z.string().min(1).optional(),
    subscriptionId: z
      .string()
      .regex(/^[0-9a-f-]{36}$/i, 'must be a subscription id (GUID)')
      .optional(),
    tag: z.object({ name: z.string().min(1), value: z.string().optional() }).optional(),
    reason: z.string().min(3, 'say why the finding is accepted'),
    expires: z.iso.date('must be a date such as 2027-01-31').or(z.iso.datetime({ offset: true })),
  })
  .refine((s) => s.checkId || s.resourceId || s.subscriptionId || s.tag, {
    message: 'needs at least one of checkId, resourceId, subscriptionId or tag',
  });

const fileSchema = z.object({ suppressions: z.array(suppressionSchema) });

export type Suppression = z.infer<typeof suppressionSchema>;

/** Parses a suppressions file; a bad entry fails with its JSON path. */
export function parseSuppressions(input: unknown, source = 'suppressions'): Suppression[] {
  const parsed = fileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.reduce<string>(
      (p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`),
      '$',
    );
    throw new InputError(`${source} ${path}`, issue.message);
  }
  return parsed.data.suppressions;
}

interface CompiledSuppression {
  index: number;
  suppression: Suppression;
  resource: GlobMatcher | undefined;
  subscriptionId: string | undefined;
  tagName: string | undefined;
}

/** Live suppressions of one check id (or of every check): exact resource ids by id, the rest in order. */
interface Bucket {
  exact: Map<string, CompiledSuppression[]>;
  patterns: CompiledSuppression[];
}

/**
 * Marks findings that a live suppression covers (all its conditions must match; the first matching
 * suppression in file order wins); returns the suppressions that have expired, so the report can
 * say they stopped applying. Each pattern is compiled once ({@link compileGlob}, linear, no
 * backtracking) and suppressions are indexed by check id and exact resource id, so 23k findings
 * against 2k suppressions stay fast.
 */
export function applySuppressions(
  findings: ReportFinding[],
  suppressions: readonly Suppression[],
  now: Date,
  tagsOf: (resourceId: string) => Record<string, string> | undefined = () => undefined,
): { expired: Suppression[] } {
  const expiry = (s: Suppression) =>
    Date.parse(s.expires.length === 10 ? `${s.expires}T23:59:59Z` : s.expires);
  const expired: Suppression[] = [];
  const buckets = new Map<string, Bucket>();
  suppressions.forEach((suppression, index) => {
    if (expiry(suppression) < now.getTime()) {
      expired.push(suppression);
      return;
    }
    const compiled: CompiledSuppression = {
      index,
      suppression,
      resource: suppression.resourceId ? compileGlob(suppression.resourceId) : undefined,
      subscriptionId: suppression.subscriptionId?.toLowerCase(),
      tagName: suppression.tag?.name.toLowerCase(),
    };
    const key = suppression.checkId ?? '';
    let bucket = buckets.get(key);
    if (!bucket) buckets.set(key, (bucket = { exact: new Map(), patterns: [] }));
    if (compiled.resource?.exact) {
      const list = bucket.exact.get(compiled.resource.prefix);
      if (list) list.push(compiled);
      else bucket.exact.set(compiled.resource.prefix, [compiled]);
    } else bucket.patterns.push(compiled);
  });
  if (buckets.size === 0) return { expired };

  for (const f of findings) {
    const resourceId = f.resourceId.toLowerCase();
    const subscriptionId = f.subscriptionId?.toLowerCase();
    let tags: Map<string, string> | undefined;
    const tagValue = (name: string) => {
      tags ??= new Map(Object.entries(tagsOf(f.resourceId) ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      return tags.get(name);
    };
    const covers = (c: CompiledSuppression) => {
      if (c.resource && !c.resource.matches(resourceId)) return false;
      if (c.subscriptionId && c.subscriptionId !== subscriptionId) return false;
      if (c.tagName) {
        const value = tagValue(c.tagName);
        if (
          value === undefined ||
          (c.suppression.tag?.value !== undefined && value !== c.suppression.tag.value)
        )
          return false;
      }
      return true;
    };
    let best: CompiledSuppression | undefined;
    for (const bucket of [buckets.get(f.checkId), buckets.get('')]) {
      if (!bucket) continue;
      for (const c of bucket.exact.get(resourceId) ?? []) {
        if (best && c.index >= best.index) break;
        if (covers(c)) best = c;
      }
      for (const c of bucket.patterns) {
        if (best && c.index >= best.index) break;
        if (covers(c)) best = c;
      }
    }
    if (best) f.suppressed = { reason: best.suppression.reason, expires: best.suppression.expires };
  }
  return { expired };
}
