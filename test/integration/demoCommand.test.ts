import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runNode } from '../support/runProcess.js';

/** Runs `npm run demo -- ...` as a new user would (its own CA, emulator and Azurite). */
function demo(args: string[], extraEnv: Record<string, string> = {}) {
  const { NODE_EXTRA_CA_CERTS: _ca, MI_AUDITOR_TEST_TLS: _t, ...env } = process.env;
  return runNode(['node_modules/tsx/dist/cli.mjs', 'scripts/demo.ts', ...args], { ...env, ...extraEnv });
}

describe('npm run demo', () => {
  it('audits the demo tenant, writes the five outputs, prints a summary; a second run on the same --state sees history', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mi-auditor-demo-out-'));
    const state = mkdtempSync(join(tmpdir(), 'mi-auditor-demo-state-'));
    const received: unknown[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`;
      // Its own temporary folder, to see what the demo leaves behind there.
      const tmp = mkdtempSync(join(tmpdir(), 'mi-auditor-demo-tmp-'));
      const first = await demo(['--out', out, '--state', state, '--alert-webhook', url], { TMPDIR: tmp });
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(
        readdirSync(tmp).filter((f) => f.startsWith('mi-auditor-')),
        'no CA, TLS key or data folder is left',
      ).toEqual([]);
      expect(first.stdout).toMatch(
        /audit \d{8}T\d{6}Z-[0-9a-f]{6} of tenant 6f1c2a7e-3b4d-4e5f-8a9b-0c1d2e3f4a5b: COMPLETE/,
      );
      expect(first.stdout).toContain('Findings: 80 (critical 3, high 40, medium 29, low 3, informational 5)');
      expect(first.stdout).toContain('Coverage: 4/4 subscriptions and 3/3 workspaces read, 0 error(s)');
      expect(first.stdout).toContain('Alerts: webhook sent');
      expect(readdirSync(out).sort()).toEqual([
        'findings.csv',
        'findings.json',
        'report.html',
        'report.md',
        'report.sarif',
      ]);
      expect(received).toHaveLength(1);

      const second = await demo(['--out', out, '--state', state, '--alert-webhook', url]);
      expect(second.status).toBe(0);
      expect(second.stdout).toContain('New 0, existing 80, reopened 0, resolved 0');
      expect(received).toHaveLength(1);
      expect(JSON.parse(readFileSync(join(out, 'findings.json'), 'utf8')).trend).toHaveLength(2);
    } finally {
      hook.close();
    }
  }, 120_000);

  it('refuses an invalid fixture with exit code 2, naming the JSON path', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'mi-auditor-bad-')), 'tenant.json');
    writeFileSync(
      bad,
      JSON.stringify({
        formatVersion: 1,
        tenantId: '00000000-0000-4000-8000-000000000001',
        auditor: { kind: 'SystemAssigned', principalId: 'x' },
        subscriptions: [],
      }),
    );
    const run = await demo(['--tenant', bad]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('$.auditor.principalId');
  }, 60_000);

  it('refuses bad usage with exit code 2, naming the option', async () => {
    const run = await demo(['--alert-webhook', 'not a url']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--alert-webhook');
  }, 60_000);
});
