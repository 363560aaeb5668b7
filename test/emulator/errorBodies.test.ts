import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { RunningEmulator } from '../../emulator/startEmulator.js';
import { corpus } from '../conformance/corpus.js';
import { CLEAN_TENANT, readFixture, startTestEmulator } from '../support/testEmulator.js';
import { shape } from '../conformance/jsonShape.js';

/**
 * Every emulated API answers errors in its own family's body (emulator/errors/, one module per
 * family), and that body has the real one's shape: from the conformance corpus where a real payload
 * is recorded, else from the documentation each case names.
 */

const fixture = readFixture(CLEAN_TENANT);
const WORKSPACE = String(fixture['workspaces'][0].customerId);
const AUDIENCE = {
  arm: 'https://management.azure.com',
  logAnalytics: 'https://api.loganalytics.io',
  graph: 'https://graph.microsoft.com',
  logsIngestion: 'https://monitor.azure.com',
} as const;
type Family = keyof typeof AUDIENCE;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator(fixture);
});
afterAll(() => emulator.stop());
afterEach(() => emulator.setFaults([]));

async function token(family: Family): Promise<string> {
  const auditor = fixture['auditor'];
  const { token: t } = await emulator.issuer.issue(
    {
      tenantId: fixture['tenantId'],
      principalId: auditor.principalId,
      clientId: auditor.clientId,
      resourceId: auditor.resourceId,
    },
    AUDIENCE[family],
  );
  return t;
}

async function call(
  family: Family,
  path: string,
  options: { body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
) {
  const base = family === 'logAnalytics' ? emulator.urls.logAnalytics : emulator.urls.arm;
  const bearer = options.token === undefined ? await token(family) : options.token;
  const res = await fetch(`${base}${path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

const ARG = '/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01';
const ROLE_DEFINITIONS = `/subscriptions/${fixture['subscriptions'][0].subscriptionId}/providers/Microsoft.Authorization/roleDefinitions`;

describe('ARM answers errors in its own body', () => {
  it('as recorded for an api-version the provider does not offer (code and message, nothing else)', async () => {
    const real = corpus('arm/invalid-api-version').payload.response;
    const { status, body } = await call('arm', `${ROLE_DEFINITIONS}?api-version=2016-03-30`);
    expect(status).toBe(real.status);
    expect(shape(body)).toEqual(shape(real.body));
  });

  it('in the same shape for an injected fault and a refused token', async () => {
    const real = corpus('arm/invalid-api-version').payload.response.body;
    emulator.setFaults([{ api: 'authorization', status: 503, times: 1 }]);
    const fault = await call('arm', `${ROLE_DEFINITIONS}?api-version=2022-04-01`);
    expect(fault.status).toBe(503);
    expect(shape(fault.body)).toEqual(shape(real));
    expect(fault.body.error.code).toBe('InternalServerError');

    const refused = await call('arm', `${ROLE_DEFINITIONS}?api-version=2022-04-01`, { token: null });
    expect(refused.status).toBe(401);
    expect(shape(refused.body)).toEqual(shape(real));
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=/);
  });
});

describe('Resource Graph answers errors in its own body, reasons in details', () => {
  it('as recorded for a query that does not parse', async () => {
    const real = corpus('resourcegraph/invalid-query-400').payload.response;
    const { status, body } = await call('arm', ARG, { body: { query: 'resources | where (' } });
    expect(status).toBe(real.status);
    expect(Object.keys(body.error)).toEqual(Object.keys(real.body.error));
    expect(body.error.code).toBe(real.body.error.code);
    expect(body.error.message).toMatch(
      /^Please provide below info when asking for support: timestamp = \S+, correlationId = [0-9a-f-]{36}\.$/,
    );
    expect(body.error.details[0]).toEqual(real.body.error.details[0]);
    expect(body.error.details.length).toBeGreaterThan(1);
  });

  it('in the same shape for a throttled request (the code in details too, as captured in Azure/azure-cli-extensions#3325)', async () => {
    const real = corpus('resourcegraph/invalid-query-400').payload.response.body;
    emulator.setFaults([{ api: 'resourceGraph', status: 429, times: 1 }]);
    const { status, body } = await call('arm', ARG, { body: { query: 'resources | take 1' } });
    expect(status).toBe(429);
    expect(shape(body)).toEqual(shape({ error: { ...real.error, details: [real.error.details[0]] } }));
    expect(body.error.code).toBe('RateLimiting');
    expect(body.error.details[0].code).toBe('RateLimiting');
  });
});

describe('Log Analytics answers errors in its own body', () => {
  it('as recorded for a query that does not parse (message, code, correlationId, innererror, in that order)', async () => {
    const real = corpus('loganalytics/syntax-error').payload.response;
    const { status, body } = await call('logAnalytics', `/workspaces/${WORKSPACE}/query`, {
      body: { query: 'completely invalid syntax', timespan: 'P1D' },
    });
    expect(status).toBe(real.status);
    expect(Object.keys(body.error)).toEqual(Object.keys(real.body.error));
    expect(Object.keys(body.error.innererror)).toEqual(Object.keys(real.body.error.innererror));
    expect(body.error.innererror.innererror.code).toBe(real.body.error.innererror.innererror.code);
    expect(body.error.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('as recorded, without innererror, for an injected fault, a refused token and an unknown path', async () => {
    const real = corpus('loganalytics/gateway-timeout').payload.response.body;
    const outer = Object.keys(real.error).filter((k) => k !== 'innererror');
    emulator.setFaults([
      { api: 'logAnalytics', status: 504, code: 'GatewayTimeout', message: 'Gateway timeout' },
    ]);
    const fault = await call('logAnalytics', `/workspaces/${WORKSPACE}/query`, {
      body: { query: 'AzureDiagnostics | take 1' },
    });
    expect(fault.status).toBe(504);
    expect(Object.keys(fault.body.error)).toEqual(outer);
    expect(fault.body.error).toMatchObject({ code: real.error.code, message: real.error.message });

    const refused = await call('logAnalytics', `/workspaces/${WORKSPACE}/query`, {
      body: { query: 'AzureDiagnostics | take 1' },
      token: null,
    });
    expect(refused.status).toBe(401);
    expect(Object.keys(refused.body.error)).toEqual(outer);

    const unknown = await call('logAnalytics', '/workspaces');
    expect(unknown.status).toBe(404);
    expect(Object.keys(unknown.body.error)).toEqual(outer);
  });
});

describe('Microsoft Graph answers errors in its own body, with innerError', () => {
  it('as documented for a segment Graph does not know, to the letter but for ids and date', async () => {
    const real = corpus('graph/unknown-segment-400').payload.response;
    const { status, body } = await call('graph', '/v1.0/mef', {
      headers: { 'client-request-id': '225aed2b-cf4a-d456-b313-16ab196c2364' },
    });
    expect(status).toBe(real.status);
    expect(shape(body)).toEqual(shape(real.body));
    expect(body.error.code).toBe(real.body.error.code);
    expect(body.error.message).toBe(real.body.error.message);
    expect(body.error.innerError['client-request-id']).toBe(real.body.error.innerError['client-request-id']);
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('in the same shape for a route error, an injected fault and a refused token', async () => {
    const real = corpus('graph/unknown-segment-400').payload.response.body;
    const badTop = await call('graph', '/v1.0/applications?$top=5000');
    expect(badTop.status).toBe(400);
    expect(shape(badTop.body)).toEqual(shape(real));

    emulator.setFaults([{ api: 'graph', status: 503, times: 1 }]);
    const fault = await call('graph', '/v1.0/applications');
    expect(fault.status).toBe(503);
    expect(shape(fault.body)).toEqual(shape(real));

    const refused = await call('graph', '/v1.0/applications', { token: null });
    expect(refused.status).toBe(401);
    expect(shape(refused.body)).toEqual(shape(real));
    expect(refused.body.error.code).toBe('InvalidAuthenticationToken');
  });
});

describe('the managed-identity endpoint answers errors as OAuth does', () => {
  // Microsoft Learn, "How to use managed identities for Azure resources on an Azure VM to acquire an
  // access token", Error handling: { "error": "<id>", "error_description": "<text>" }, e.g.
  // 400 invalid_resource and 400 bad_request_102 "Required metadata header not specified".
  const imds = (query: string, headers: Record<string, string>) =>
    fetch(`${new URL(emulator.urls.identity).origin}/metadata/identity/oauth2/token?${query}`, { headers });

  it('bad_request_102 without the Metadata header, invalid_resource for an unknown resource', async () => {
    const noHeader = await imds('api-version=2018-02-01&resource=https://management.azure.com/', {});
    expect(noHeader.status).toBe(400);
    expect(await noHeader.json()).toEqual({
      error: 'bad_request_102',
      error_description: 'Required metadata header not specified',
    });

    const unknown = await imds('api-version=2018-02-01&resource=https://nowhere.example', {
      metadata: 'true',
    });
    expect(unknown.status).toBe(400);
    const body = (await unknown.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['error', 'error_description']);
    expect(body['error']).toBe('invalid_resource');
  });

  it('in the same shape for an injected fault', async () => {
    emulator.setFaults([{ api: 'token', status: 503, times: 1 }]);
    const res = await imds('api-version=2018-02-01&resource=https://management.azure.com/', {
      metadata: 'true',
    });
    expect(res.status).toBe(503);
    expect(Object.keys((await res.json()) as object)).toEqual(['error', 'error_description']);
  });
});

describe('Logs Ingestion answers errors in the data-plane common body, code also in x-ms-error-code', () => {
  // Azure/azure-rest-api-specs specification/monitor/data-plane/ingestion/stable/2023-01-01/DataCollectionRules.json:
  // default response = common-types/data-plane/v1 ErrorResponse { error: { code, message, ... } }, header x-ms-error-code.
  const UPLOAD =
    '/dataCollectionRules/dcr-00000000000000000000000000000000/streams/Custom-Findings?api-version=2023-01-01';

  it('as recorded for an unknown DCR (404 NotFound) and a caller without access (403 OperationFailed)', async () => {
    for (const name of ['logsingestion/dcr-not-found-404', 'logsingestion/forbidden-403']) {
      const real = corpus(name).payload.response;
      emulator.setFaults([{ api: 'logsIngestion', status: real.status, message: real.body.error.message }]);
      const { status, headers, body } = await call('logsIngestion', UPLOAD, { body: [] });
      expect(status).toBe(real.status);
      expect(body).toEqual(real.body);
      expect(headers.get('x-ms-error-code')).toBe(real.body.error.code);
    }
  });

  it('in the same shape for an upload that is not an array and a refused token', async () => {
    const real = corpus('logsingestion/dcr-not-found-404').payload.response.body;
    const bad = await call('logsIngestion', UPLOAD, { body: { not: 'an array' } });
    expect(bad.status).toBe(400);
    expect(shape(bad.body)).toEqual(shape(real));
    expect(bad.headers.get('x-ms-error-code')).toBe(bad.body.error.code);

    const refused = await call('logsIngestion', UPLOAD, { body: [], token: null });
    expect(refused.status).toBe(401);
    expect(shape(refused.body)).toEqual(shape(real));
    expect(refused.headers.get('x-ms-error-code')).toBe(refused.body.error.code);
  });
});
