import { afterEach, describe, expect, it, vi } from 'vitest';

import { AUDIENCES, TokenIssuer } from '../../../emulator/identity/tokenIssuer.js';

const identity = {
  tenantId: '00000000-0000-4000-8000-000000000001',
  principalId: '00000000-0000-4000-8000-000000000002',
  clientId: '00000000-0000-4000-8000-000000000003',
  resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app',
};

afterEach(() => vi.useRealTimers());

describe('TokenIssuer.verify', () => {
  it('accepts a token it verified before, and refuses it once it expires, as on first sight', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const issuer = await TokenIssuer.create(identity.tenantId);
    const { token } = await issuer.issue(identity, AUDIENCES.arm, 60);
    const header = `Bearer ${token}`;
    expect(await issuer.verify(header, AUDIENCES.arm)).toMatchObject({ ok: true });
    expect(await issuer.verify(header, AUDIENCES.arm)).toMatchObject({
      ok: true,
      claims: { oid: identity.principalId },
    });
    vi.setSystemTime(Date.now() + 61_000);
    const expired = {
      ok: false,
      code: 'expired',
      message: 'The access token expiry UTC time is earlier than current UTC time.',
    };
    expect(await issuer.verify(header, AUDIENCES.arm)).toEqual(expired);
    // A token never seen before fails the same way through jose itself.
    const other = await TokenIssuer.create(identity.tenantId);
    vi.setSystemTime(Date.now() - 61_000);
    const fresh = await other.issue(identity, AUDIENCES.arm, 60);
    vi.setSystemTime(Date.now() + 61_000);
    expect(await other.verify(`Bearer ${fresh.token}`, AUDIENCES.arm)).toEqual(expired);
  });

  it('checks the audience on every request, and refuses a tampered copy of a verified token', async () => {
    const issuer = await TokenIssuer.create(identity.tenantId);
    const { token } = await issuer.issue(identity, AUDIENCES.arm);
    expect(await issuer.verify(`Bearer ${token}`, AUDIENCES.arm)).toMatchObject({ ok: true });
    expect(await issuer.verify(`Bearer ${token}`, AUDIENCES.graph)).toMatchObject({
      ok: false,
      code: 'audience',
    });
    const [head, body, signature] = token.split('.') as [string, string, string];
    const tampered = `${head}.${body}.${signature.slice(0, -4)}${signature.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    expect(await issuer.verify(`Bearer ${tampered}`, AUDIENCES.arm)).toMatchObject({
      ok: false,
      code: 'invalid',
    });
  });
});
