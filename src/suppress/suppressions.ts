import { z } from 'zod';

import { InputError } from '../errors.js';
import type { ReportFinding } from '../report/reportModel.js';

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

function glob(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );
}

/**
 * Marks findings that a live suppression covers (all its conditions must match); returns the
 * suppressions that have expired, so the report can say they stopped applying.
 */
export function applySuppressions(
  findings: ReportFinding[],
  suppressions: readonly Suppression[],
  now: Date,
  tagsOf: (resourceId: string) => Record<string, string> | undefined = () => undefined,
): { expired: Suppression[] } {
  const expiry = (s: Suppression) =>
    Date.parse(s.expires.length === 10 ? `${s.expires}T23:59:59Z` : s.expires);
  const live = suppressions.filter((s) => expiry(s) >= now.getTime());
  const expired = suppressions.filter((s) => expiry(s) < now.getTime());
  for (const f of findings) {
    const match = live.find(
      (s) =>
        (!s.checkId || s.checkId === f.checkId) &&
        (!s.resourceId || glob(s.resourceId).test(f.resourceId)) &&
        (!s.subscriptionId || s.subscriptionId.toLowerCase() === f.subscriptionId) &&
        (!s.tag ||
          (() => {
            const tags = tagsOf(f.resourceId) ?? {};
            const value = Object.entries(tags).find(
              ([k]) => k.toLowerCase() === s.tag!.name.toLowerCase(),
            )?.[1];
            return value !== undefined && (s.tag.value === undefined || value === s.tag.value);
          })()),
    );
    if (match) f.suppressed = { reason: match.reason, expires: match.expires };
  }
  return { expired };
}
