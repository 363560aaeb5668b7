import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { CronExpressionParser } from 'cron-parser';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { ncrontabError } from '../../src/util/ncrontab.js';
import { installFakeFunctionsCore, type Registration } from './fakeFunctionsCore.js';

const functionsDir = fileURLToPath(new URL('../../functions/', import.meta.url));
let registered: Registration[] = [];

function trigger(name: string) {
  const reg = registered.find((r) => r.metadata.name === name);
  expect(reg, `function ${name} is registered`).toBeDefined();
  // Binding names carry a random suffix, so find the trigger by its direction and type.
  const bindings = Object.values(reg!.metadata.bindings);
  const input = bindings.find((b) => b.direction === 'in' && b.type.endsWith('Trigger'));
  expect(input).toBeDefined();
  return input!;
}

describe('function registration', () => {
  beforeAll(async () => {
    vi.stubEnv('AUDIT_SCHEDULE', '');
    registered = installFakeFunctionsCore();
    for (const file of readdirSync(functionsDir).filter((f) => f.endsWith('.ts'))) {
      await import(/* @vite-ignore */ `../../functions/${file}`);
    }
  });

  it('registers exactly the documented functions', () => {
    expect(registered.map((r) => r.metadata.name).sort()).toEqual([
      'auditDashboard',
      'auditHealth',
      'auditReport',
      'auditRun',
      'auditRunStatus',
      'auditRunWorker',
      'auditTimer',
    ]);
  });

  it('runs on-demand audits off the audit-runs Storage queue', () => {
    const queue = trigger('auditRunWorker');
    expect(queue.type).toBe('queueTrigger');
    expect(queue['queueName']).toBe('audit-runs');
    expect(queue['connection']).toBe('AzureWebJobsStorage');
  });

  it('runs the audit on a six-field NCRONTAB schedule, daily by default', () => {
    const timer = trigger('auditTimer');
    expect(timer.type).toBe('timerTrigger');
    const schedule = String(timer['schedule']);
    expect(ncrontabError(schedule)).toBeUndefined();
    const next = CronExpressionParser.parse(schedule, {
      tz: 'UTC',
      currentDate: new Date('2026-11-20T06:00:00Z'),
    }).next();
    expect(next.toDate().toISOString()).toBe('2026-11-21T02:00:00.000Z');
    expect(timer['runOnStartup']).toBe(false);
  });

  it.each([
    ['auditRun', 'POST', 'audit/runs'],
    ['auditRunStatus', 'GET', 'audit/runs/{id}'],
    ['auditReport', 'GET', 'audit/report'],
    ['auditDashboard', 'GET', 'audit/dashboard'],
    ['auditHealth', 'GET', 'audit/health'],
  ])('exposes %s as %s /api/%s with a function key', (name, method, route) => {
    const http = trigger(name);
    expect(http.type).toBe('httpTrigger');
    expect(http['methods']).toEqual([method]);
    expect(http['route']).toBe(route);
    expect(http['authLevel']).toBe('function');
  });

  it.each(readdirSync(functionsDir).filter((f) => f.endsWith('.ts')))(
    'keeps %s to trigger wiring: it imports only from src/handlers/ and registers the function of its name',
    (file) => {
      const text = readFileSync(`${functionsDir}/${file}`, 'utf8');
      const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
      expect(imports.filter((i) => i !== '@azure/functions' && !i?.startsWith('../src/handlers/'))).toEqual(
        [],
      );
      const registrations = [...text.matchAll(/app\.\w+\('(\w+)'/g)].map((m) => m[1]);
      expect(registrations).toEqual([file.replace(/\.ts$/, '')]);
      expect(registered.filter((r) => r.metadata.name === registrations[0])).toHaveLength(1);
    },
  );
});
