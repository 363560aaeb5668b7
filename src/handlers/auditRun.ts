import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { z } from 'zod';

import { GUID_PATTERN } from '../azure/guid.js';
import { CHECKS } from '../checks/registry.js';
import { AuditInProgressError, InputError } from '../errors.js';
import { newRunId } from '../pipeline/runAudit.js';
import { recordInterrupted } from '../pipeline/runRecord.js';
import { parseLookback } from '../util/isoDuration.js';
import { errorResponse, json } from './errorResponse.js';
import { depsFromSettings } from './handlerDeps.js';

const CHECK_IDS = CHECKS.map((c) => c.metadata.id) as [string, ...string[]];

/** The optional body of `POST /api/audit/runs`. */
export const runRequestSchema = z
  .object({
    // Resource Graph takes at most 1,000 subscriptions a request; more is not an audit we can run.
    subscriptions: z
      .array(z.string().regex(GUID_PATTERN, 'must be a subscription id (GUID)'))
      .min(1)
      .max(1000)
      .refine((ids) => new Set(ids.map((i) => i.toLowerCase())).size === ids.length, 'must not repeat an id')
      .optional(),
    checks: z
      .array(z.enum(CHECK_IDS, { message: `must be one of ${CHECK_IDS.join(', ')}` }))
      .min(1)
      .max(CHECK_IDS.length)
      .refine((ids) => new Set(ids).size === ids.length, 'must not repeat a check id')
      .optional(),
    lookback: z
      .string()
      .superRefine((v, ctx) => {
        const lookback = parseLookback(v);
        if ('problem' in lookback) ctx.addIssue({ code: 'custom', message: lookback.problem });
        else if (lookback.ms > 90 * 86_400_000)
          ctx.addIssue({ code: 'custom', message: 'must be at most P90D' });
      })
      .optional(),
  })
  .strict();

export type RunRequestBody = z.infer<typeof runRequestSchema>;

/**
 * The largest body accepted: 1,000 subscription ids and every check id fit in ~60 KB; anything
 * larger is refused before it is parsed or stored.
 */
export const MAX_BODY_BYTES = 128 * 1024;

async function readBody(request: HttpRequest): Promise<RunRequestBody> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) throw new InputError('body', `is larger than ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new InputError('body', `is larger than ${MAX_BODY_BYTES} bytes`);
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new InputError('body', 'is not valid JSON');
  }
  const parsed = runRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.length
      ? issue.path.reduce<string>(
          (p, k) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${String(k)}`),
          'body',
        )
      : 'body';
    const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
    throw new InputError(path, `${issue.message}${keys}`);
  }
  return parsed.data;
}

/**
 * `POST /api/audit/runs`: starts an audit on demand. Answers 202 with the run id and a status URL;
 * the audit itself runs in the auditRunWorker function off a Storage queue. 409 while another
 * audit runs; 400 naming the field when the body is invalid.
 */
export async function auditRun(request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> {
  try {
    const body = await readBody(request);
    const deps = depsFromSettings();
    const now = deps.clock();
    const runId = newRunId(now);
    const lock = await deps.stores.runs.acquireLock(runId, now);
    if (!lock.ok) throw new AuditInProgressError(lock.holder);
    if (lock.expiredHolder)
      await recordInterrupted(deps.stores.runs, lock.expiredHolder, now, (m) => context.warn(m));
    try {
      await deps.stores.runs.put({
        runId,
        trigger: 'http',
        status: 'queued',
        requestedAt: now.toISOString(),
        request: body,
      });
      await deps.stores.runQueue.enqueue({ runId });
    } catch (e) {
      // Nothing was queued: free the lease now rather than in minutes.
      await deps.stores.runs.releaseLock(runId).catch(() => {});
      throw e;
    }
    context.log(`audit ${runId} queued`);
    const statusUrl = new URL(`/api/audit/runs/${runId}`, request.url).toString();
    return json(202, { runId, status: 'queued', statusUrl }, { location: statusUrl });
  } catch (e) {
    return errorResponse(e, context);
  }
}
