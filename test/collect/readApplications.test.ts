/**
 * Microsoft Graph reads of the principals that reach Azure, at a large tenant's size: batches of 15
 * (Graph's `$filter` limit) are read eight at once (Graph's identity limits, readApplications.ts),
 * kept in their order, a failed batch an error of its own; federated credentials are asked only of
 * apps that hold a secret or certificate.
 */
import { describe, expect, it } from 'vitest';

import type { AzureClients } from '../../src/collect/azureClients.js';
import { readApplications } from '../../src/collect/readApplications.js';

const guid = (prefix: string, n: number) =>
  `${prefix}000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
const spId = (n: number) => guid('d4', n);
const appId = (n: number) => guid('e5', n);
const secret = {
  keyId: guid('e6', 1),
  startDateTime: '2026-01-01T00:00:00Z',
  endDateTime: '2027-01-01T00:00:00Z',
};

/** A fake Graph: every principal n has app n; odd apps hold a secret; one batch of principals fails. */
function fakeGraph(failing: string) {
  let inFlight = 0;
  let most = 0;
  const paths: string[] = [];
  const clients = {
    async graphGet(path: string) {
      paths.push(path);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      const values = [...decodeURIComponent(path).matchAll(/'([0-9a-f-]{36})'/g)].map((m) => m[1]!);
      if (path.startsWith('/v1.0/servicePrincipals')) {
        if (values.includes(failing))
          throw Object.assign(new Error('Service unavailable'), { statusCode: 503 });
        return {
          value: values.map((id) => {
            const n = Number.parseInt(id.slice(-12), 16);
            return {
              id,
              appId: appId(n),
              displayName: `sp-${n}`,
              passwordCredentials: [],
              keyCredentials: [],
            };
          }),
        };
      }
      if (path.startsWith('/v1.0/applications?')) {
        return {
          value: values.map((a) => {
            const n = Number.parseInt(a.slice(-12), 16);
            return {
              id: guid('e7', n),
              appId: a,
              passwordCredentials: n % 2 ? [secret] : [],
              keyCredentials: [],
            };
          }),
        };
      }
      return { value: [] }; // federated credentials
    },
  } as unknown as AzureClients;
  return { clients, paths, most: () => most };
}

describe('readApplications at scale', () => {
  it('reads batches of 15 eight at once, in their order, and a failed batch is an error naming its ids', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => spId(i + 1));
    const graph = fakeGraph(spId(17));
    const read = await readApplications(graph.clients, ids);
    expect(graph.most()).toBe(8);
    // The second batch (principals 16-30) failed; the other 285 were read, in the order asked.
    expect(read.errors).toHaveLength(1);
    expect(read.errors[0]!.scope).toContain(spId(16));
    expect(read.servicePrincipals.map((s) => s.id)).toEqual(ids.filter((_, i) => i < 15 || i >= 30));
    expect(read.applications.map((a) => a.appId)).toEqual(read.servicePrincipals.map((s) => s.appId));
  });

  it('asks federated credentials only of apps that hold a secret or certificate', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => spId(i + 1));
    const graph = fakeGraph('none');
    const read = await readApplications(graph.clients, ids);
    const asked = graph.paths.filter((p) => p.endsWith('/federatedIdentityCredentials'));
    const holding = read.applications.filter((a) => a.passwordCredentials.length);
    expect(holding).toHaveLength(20);
    expect(asked.sort()).toEqual(
      holding.map((a) => `/v1.0/applications/${a.id}/federatedIdentityCredentials`).sort(),
    );
    expect(
      read.applications
        .filter((a) => !a.passwordCredentials.length)
        .every((a) => a.federatedIdentityCredentials === undefined),
    ).toBe(true);
  });
});
