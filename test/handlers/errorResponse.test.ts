import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';

import {
  AuditInProgressError,
  CollectorError,
  ConfigError,
  InputError,
  NotFoundError,
  StorageError,
} from '../../src/errors.js';
import { errorResponse } from '../../src/handlers/errorResponse.js';
import { invocationContext } from '../support/localAudit.js';

function answer(thrown: unknown) {
  const logs: string[] = [];
  const res = errorResponse(thrown, invocationContext('auditRun', logs));
  return { status: res.status, body: res.jsonBody as { error: Record<string, unknown> }, logs };
}

describe('errorResponse', () => {
  it('answers bad input with 400 naming the field, and logs nothing', () => {
    const { status, body, logs } = answer(new InputError('body.lookback', 'must be at most P90D'));
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: 'InvalidInput',
      field: 'body.lookback',
      message: 'body.lookback: must be at most P90D',
    });
    expect(logs).toEqual([]);
  });

  it('answers a running audit with 409 naming the run', () => {
    const { status, body } = answer(new AuditInProgressError('20261120T060000Z-1a2b3c'));
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: 'AuditInProgress', runId: '20261120T060000Z-1a2b3c' });
  });

  it('answers something missing with 404', () => {
    expect(answer(new NotFoundError('No audit run x.'))).toMatchObject({
      status: 404,
      body: { error: { code: 'NotFound', message: 'No audit run x.' } },
    });
  });

  it('answers a bad setting with 500 naming the setting, and logs it', () => {
    const { status, body, logs } = answer(new ConfigError('ALERT_MIN_SEVERITY', 'must be a severity'));
    expect(status).toBe(500);
    expect(body.error).toMatchObject({ code: 'InvalidConfiguration', setting: 'ALERT_MIN_SEVERITY' });
    expect(logs.some((l) => l.startsWith('error:'))).toBe(true);
  });

  it.each([
    ['a storage failure', new StorageError('reports: connection reset'), 503, 'StorageUnavailable'],
    ['a failed identity', new CollectorError('token', 'tenant', 'no token'), 502, 'SourceUnavailable'],
    ['an Azure call that failed', new RestError('secret detail', { statusCode: 403 }), 500, 'InternalError'],
    ['a plain error', new Error('secret detail'), 500, 'InternalError'],
    ['a thrown string', 'secret detail', 500, 'InternalError'],
  ])('answers %s with its status and the invocation id only, and logs it', (_l, thrown, status, code) => {
    const res = answer(thrown);
    expect(res.status).toBe(status);
    expect(res.body.error['code']).toBe(code);
    expect(res.body.error['message']).toMatch(/^Internal error; see the logs of invocation test-/);
    expect(JSON.stringify(res.body)).not.toContain('secret detail');
    expect(res.logs.some((l) => l.startsWith('error:'))).toBe(true);
  });
});
