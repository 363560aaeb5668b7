import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  API_ROLES,
  authorizeApiRequest,
  decodeClientPrincipal,
  requireAppRole,
} from '../../src/handlers/apiAuthorization.js';
import { AccessDeniedError } from '../../src/errors.js';

/** The decoded header's shape, per Microsoft Learn "Work with user identities in App Service authentication". */
const principal = (roles: string[], roleType = 'roles') =>
  Buffer.from(
    JSON.stringify({
      auth_typ: 'aad',
      claims: [{ typ: 'name', val: 'ci-pipeline' }, ...roles.map((val) => ({ typ: roleType, val }))],
      name_typ: 'name',
      role_typ: roleType,
    }),
  ).toString('base64');

const request = (headers: Record<string, string> = {}) =>
  new HttpRequest({ method: 'POST', url: 'https://app.example/api/audit/runs', headers });
const ON = { WEBSITE_AUTH_ENABLED: 'True' };
/** What authorizeApiRequest refused with, as the caller gets it: status, code and the body's details. */
function refusal(...args: Parameters<typeof authorizeApiRequest>) {
  try {
    authorizeApiRequest(...args);
    return undefined;
  } catch (e) {
    if (!(e instanceof AccessDeniedError)) throw e;
    return { status: e.statusCode, code: e.code, ...e.details };
  }
}

afterEach(() => vi.unstubAllEnvs());

describe('API authorization', () => {
  it('leaves the function key as the only gate with API_AUTH=keys, whatever headers say', () => {
    expect(refusal(request(), API_ROLES.run, 'keys', {})).toBeUndefined();
    expect(
      refusal(request({ 'x-ms-client-principal': 'garbage' }), API_ROLES.run, 'keys', ON),
    ).toBeUndefined();
  });

  it('refuses a caller without a client principal (401)', () => {
    expect(refusal(request(), API_ROLES.run, 'entra', ON)).toEqual({ status: 401, code: 'Unauthenticated' });
  });

  it.each([
    ['not base64 JSON', '%%%not-base64%%%'],
    ['JSON without claims', Buffer.from('{"auth_typ":"aad"}').toString('base64')],
    ['claims of the wrong shape', Buffer.from('{"claims":[{"typ":1,"val":true}]}').toString('base64')],
    ['a JSON string', Buffer.from('"Audit.Run"').toString('base64')],
  ])('refuses a malformed client principal: %s (401)', (_name, header) => {
    expect(refusal(request({ 'x-ms-client-principal': header }), API_ROLES.run, 'entra', ON)).toEqual({
      status: 401,
      code: 'InvalidClientPrincipal',
    });
  });

  it('refuses a caller who lacks the app role (403), even holding the other one', () => {
    const r = refusal(
      request({ 'x-ms-client-principal': principal([API_ROLES.read]) }),
      API_ROLES.run,
      'entra',
      ON,
    );
    expect(r).toEqual({ status: 403, code: 'MissingAppRole', role: 'Audit.Run' });
  });

  it('admits a caller holding the app role, under the header role type or the long claim URI', () => {
    for (const header of [
      principal([API_ROLES.run]),
      principal([API_ROLES.run], 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role'),
    ]) {
      expect(
        refusal(request({ 'x-ms-client-principal': header }), API_ROLES.run, 'entra', ON),
      ).toBeUndefined();
    }
  });

  it('does not trust a forged principal when App Service Authentication is off (403 for everyone)', () => {
    const forged = request({ 'x-ms-client-principal': principal([API_ROLES.run, API_ROLES.read]) });
    for (const env of [{}, { WEBSITE_AUTH_ENABLED: 'False' }]) {
      expect(refusal(forged, API_ROLES.run, 'entra', env)).toEqual({
        status: 403,
        code: 'PlatformAuthenticationOff',
      });
    }
  });

  it('decodes the roles and the name of a client principal', () => {
    expect(decodeClientPrincipal(principal(['Audit.Run', 'Reports.Read']))).toEqual({
      authType: 'aad',
      name: 'ci-pipeline',
      roles: ['Audit.Run', 'Reports.Read'],
    });
  });

  it('runs the wrapped handler only for an authorized caller, reading API_AUTH per invocation', async () => {
    const handler = vi.fn(() => Promise.resolve({ status: 202 }));
    const wrapped = requireAppRole(API_ROLES.run, handler);
    const context = new InvocationContext({ functionName: 'auditRun', invocationId: 't' });
    vi.stubEnv('API_AUTH', 'entra');
    vi.stubEnv('WEBSITE_AUTH_ENABLED', 'True');
    const denied = await wrapped(request(), context);
    expect(denied.status).toBe(401);
    expect(denied.jsonBody).toMatchObject({ error: { code: 'Unauthenticated' } });
    expect(handler).not.toHaveBeenCalled();
    expect(
      (await wrapped(request({ 'x-ms-client-principal': principal([API_ROLES.run]) }), context)).status,
    ).toBe(202);
    vi.stubEnv('API_AUTH', 'sometimes');
    expect((await wrapped(request(), context)).status).toBe(500);
    expect(handler).toHaveBeenCalledTimes(1);
  });
});
