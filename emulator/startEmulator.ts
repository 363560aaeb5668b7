import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';

import {
  ArmReadLimiter,
  DEFAULT_ARM_READ_LIMIT,
  readScopeOfPath,
  type ArmReadLimit,
} from './arm/armReadLimit.js';
import { armError } from './errors/armErrors.js';
import { faultFor, notFoundFor, unauthorizedFor } from './errors/errorsByApi.js';
import { FaultInjector, spoilBody } from './faults.js';
import { parseTenantFixture, type TenantFixture } from './fixture/tenantFixture.js';
import type { EmulatorRequest, EmulatorResponse, Route } from './http.js';
import { AUDIENCES, TokenIssuer } from './identity/tokenIssuer.js';
import { OffThreadQueries } from './kql/offThreadQueries.js';
import { armRoutes } from './routes/armRoutes.js';
import { graphRoutes } from './routes/graphRoutes.js';
import { identityRoutes, openIdRoutes } from './routes/identityRoutes.js';
import {
  DEFAULT_LOG_QUERY_LIMITS,
  logAnalyticsRoutes,
  workspaceTables,
  type LogQueryLimits,
} from './routes/logAnalyticsRoutes.js';
import { DEFAULT_ARG_QUOTA, resourceGraphRoutes, type ArgQuota } from './routes/resourceGraphRoutes.js';
import { logsIngestionRoutes, type IngestedBatch } from './routes/logsIngestionRoutes.js';
import { TenantModel } from './tenantModel.js';
import { createEmulatorTls, type EmulatorTls } from './tls/certificateAuthority.js';

export interface EmulatorOptions {
  /** A tenant fixture, parsed or raw JSON (validated either way). */
  fixture: unknown;
  /** HTTPS port for the APIs; default a free port. */
  port?: number;
  /** HTTP port of the managed-identity endpoint; default a free port. */
  identityPort?: number;
  /**
   * Resource Graph quota; `quotaScale` K shrinks the window K times (benchmarks), and refills ARM's
   * read buckets K times faster.
   */
  quota?: Partial<ArgQuota> & { quotaScale?: number };
  /** ARM's read limit, per subscription and for the tenant (tests lower it to reach it); default Azure's, 250 and 25 a second. */
  armReadLimit?: Partial<ArmReadLimit>;
  /**
   * Every API answer (not the identity endpoint's) waits this long first: a real round trip to Azure,
   * which the loopback emulator otherwise answers in well under a millisecond (benchmarks).
   */
  latencyMs?: number;
  /** Log Analytics queries over a table this large run on a worker thread (default 50,000 rows). */
  offThreadRows?: number;
  /** Log Analytics' limits on one query's result (tests lower them to reach truncation). */
  logQueryLimits?: Partial<LogQueryLimits>;
  /** Items per page of ARM lists (nextLink paging). */
  armPageSize?: number;
  /** TLS material; default a CA made now. The CA must be trusted through NODE_EXTRA_CA_CERTS. */
  tls?: EmulatorTls;
  /** Where to write ca.crt; default a new temporary folder. */
  caDir?: string;
  /**
   * Lifetime of the managed-identity tokens it issues (default 86,399 s, as Azure's). Under 300 s the
   * identity SDK never answers from its token cache (MSAL renews tokens within 5 minutes of expiry),
   * so every client's token request reaches the endpoint and a token fault is seen at once.
   */
  tokenLifetimeSeconds?: number;
  /** Token issuer (signing key) to share with other emulators of the same tenant, as one directory signs for all. */
  issuer?: TokenIssuer;
}

export interface RunningEmulator {
  urls: { arm: string; logAnalytics: string; graph: string; identity: string; logsIngestion: string };
  /** The settings that point mi-auditor at this emulator. */
  env: Record<string, string>;
  caCertPath: string;
  issuer: TokenIssuer;
  fixture: TenantFixture;
  /** Requests served, by API. */
  apiCalls: Record<string, number>;
  /**
   * Who called the APIs that need a token: requests by the token's `xms_mirid` (the managed
   * identity's resource id; `none` for a token without one), and requests refused with 401 by API.
   */
  callers: { byIdentity: Record<string, number>; refused: Record<string, number> };
  /** 429 answers sent (quota or faults). */
  throttled: () => number;
  /** What the Logs Ingestion endpoint received. */
  ingested: IngestedBatch[];
  /**
   * Replaces the fixture's faults from now on (same format as the fixture's `faults`), so that one
   * emulator serves a whole table of fault scenarios (test/faults/faultMatrix.test.ts).
   */
  setFaults(faults: unknown[]): void;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  // The Logs Ingestion client gzips its uploads.
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * Starts the local Azure emulator on 127.0.0.1: the APIs over HTTPS, the managed-identity endpoint
 * over HTTP (as App Service's is). Returns the settings that point the app at it.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const fixture = parseTenantFixture(options.fixture);
  const model = new TenantModel(fixture);
  const issuer =
    options.issuer?.tenantId === model.tenantId ? options.issuer : await TokenIssuer.create(model.tenantId);
  let faults = new FaultInjector(fixture.faults);
  const identityHeader = randomBytes(16).toString('hex');
  const scale = options.quota?.quotaScale ?? 1;
  const quota: ArgQuota = {
    ...DEFAULT_ARG_QUOTA,
    ...options.quota,
    windowMs: (options.quota?.windowMs ?? DEFAULT_ARG_QUOTA.windowMs) / scale,
  };
  const readLimit = { ...DEFAULT_ARM_READ_LIMIT, ...options.armReadLimit };
  const armReads = new ArmReadLimiter({
    ...readLimit,
    refillPerSecond: readLimit.refillPerSecond * scale,
  });
  const ingested: IngestedBatch[] = [];
  const apiCalls: Record<string, number> = {};
  const callers: RunningEmulator['callers'] = { byIdentity: {}, refused: {} };
  let throttled = 0;

  const kqlQueries = new OffThreadQueries(options.offThreadRows);
  const apiRoutes: Route[] = [
    ...openIdRoutes(model, issuer),
    ...resourceGraphRoutes(model, quota),
    ...armRoutes(model, { pageSize: options.armPageSize ?? 100 }),
    ...logAnalyticsRoutes(model, { ...DEFAULT_LOG_QUERY_LIMITS, ...options.logQueryLimits }, kqlQueries),
    ...graphRoutes(model),
    ...logsIngestionRoutes(ingested),
  ];
  const tokenRoutes = identityRoutes(model, issuer, identityHeader, options.tokenLifetimeSeconds);
  // A fixture cannot change: the KQL worker builds the large log tables now, once, not during the
  // first query.
  await kqlQueries.preload(fixture.workspaces.flatMap((ws) => Object.values(workspaceTables(ws))));

  const handler = (routes: Route[], scheme: string) => async (req: IncomingMessage, res: ServerResponse) => {
    let out: EmulatorResponse;
    try {
      const url = new URL(`http://x${req.url ?? '/'}`);
      const path = url.pathname
        .replace(/\/{2,}/g, '/')
        .replace(/(.)\/$/, (m, c: string) => (url.pathname.includes('/metadata/identity/') ? m : c));
      const raw = req.method === 'POST' ? await readBody(req) : '';
      let body: unknown;
      if (raw.trim()) {
        try {
          body = JSON.parse(raw);
        } catch {
          body = undefined;
          // ARM's answer to a body that is not JSON (the emulator uses it for every family: the
          // others document none).
          out = armError(
            400,
            'InvalidRequestContent',
            'The request content was invalid and could not be deserialized.',
          );
        }
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : v]),
      );
      const request: EmulatorRequest = {
        method: req.method ?? 'GET',
        path,
        query: url.searchParams,
        headers,
        body,
        baseUrl: `${scheme}://127.0.0.1:${req.socket.localPort ?? ''}`,
      };
      out ??= await dispatch(routes, request);
    } catch (e) {
      // A bug in the emulator itself, not an Azure behaviour: ARM's 500 body.
      out = armError(500, 'InternalServerError', `Emulator error: ${(e as Error).message}`);
    }
    if (out.status === 429) throttled++;
    const payload =
      out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
    res.writeHead(out.status, {
      'content-type': 'application/json; charset=utf-8',
      // randomUUID draws from a cached entropy pool: one system call per 128 ids, not per response.
      'x-ms-request-id': randomUUID().replaceAll('-', ''),
      ...out.headers,
    });
    res.end(payload);
  };

  async function dispatch(routes: Route[], req: EmulatorRequest): Promise<EmulatorResponse> {
    for (const route of routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(req.path);
      if (!match || (route.when && !route.when(req))) continue;
      apiCalls[route.api] = (apiCalls[route.api] ?? 0) + 1;
      let caller;
      if (route.audience) {
        const check = await issuer.verify(req.headers['authorization'], route.audience);
        if (!check.ok) {
          callers.refused[route.api] = (callers.refused[route.api] ?? 0) + 1;
          return unauthorizedFor(route.api, check.code, check.message, model.tenantId, req);
        }
        caller = check.claims;
        const identity = typeof caller['xms_mirid'] === 'string' ? caller['xms_mirid'] : 'none';
        callers.byIdentity[identity] = (callers.byIdentity[identity] ?? 0) + 1;
      }
      if (options.latencyMs) await sleep(options.latencyMs);
      // ARM's own read limit, per subscription or for the tenant; Resource Graph has its quota.
      let limitHeaders: Record<string, string> | undefined;
      if (route.audience === AUDIENCES.arm && route.api !== 'resourceGraph' && req.method === 'GET') {
        const oid = caller?.['oid'];
        const taken = armReads.take(readScopeOfPath(req.path), typeof oid === 'string' ? oid : 'none');
        if ('status' in taken) return taken;
        limitHeaders = taken.headers;
      }
      const fault = faults.take(route.api, route.target?.(req, match) ?? {});
      if (fault.latencyMs) await sleep(fault.latencyMs);
      if (fault.status !== undefined) {
        const response = faultFor(route.api, fault.status, fault.code, fault.message, req);
        if (fault.retryAfterSeconds !== undefined)
          response.headers = { ...response.headers, 'retry-after': String(fault.retryAfterSeconds) };
        return response;
      }
      const handled = await route.handle(req, match, caller, fault);
      const answer = limitHeaders
        ? { ...handled, headers: { ...handled.headers, ...limitHeaders } }
        : handled;
      // Only a success is spoiled: the fault is a body that breaks on the way, not a refusal.
      if (fault.malformed && answer.status < 300) {
        const html =
          fault.malformed === 'notJson' ? { 'content-type': 'text/html; charset=utf-8' } : undefined;
        return {
          ...answer,
          headers: { ...answer.headers, ...html },
          body: spoilBody(answer.body, fault.malformed),
        };
      }
      return answer;
    }
    return notFoundFor(req);
  }

  const tls = options.tls ?? createEmulatorTls();
  const caDir = options.caDir ?? mkdtempSync(join(tmpdir(), 'mi-auditor-emulator-'));
  const caCertPath = join(caDir, 'ca.crt');
  writeFileSync(caCertPath, tls.caCertPem);

  const https = createHttpsServer(
    { key: tls.serverKeyPem, cert: tls.serverCertPem },
    (q, s) => void handler(apiRoutes, 'https')(q, s),
  );
  const http = createHttpServer((q, s) => void handler(tokenRoutes, 'http')(q, s));
  const port = await listen(https, options.port ?? 0);
  const identityPort = await listen(http, options.identityPort ?? 0);
  // Idle connections are kept 5 s (Node's default; Microsoft documents no idle time for its API
  // front ends). Node's client honours the `Keep-Alive: timeout=N` hint less a 1 s margin, so a
  // shorter time (this was 1 s) closes every connection after one request: a TLS handshake per
  // call, which Azure's persistent connections do not cost. stop() closes connections anyway.
  for (const server of [https, http]) server.keepAliveTimeout = 5000;

  const base = `https://127.0.0.1:${port}`;
  const urls = {
    arm: base,
    logAnalytics: `${base}/v1`,
    graph: base,
    identity: `http://127.0.0.1:${identityPort}/msi/token`,
    logsIngestion: base,
  };
  return {
    urls,
    env: {
      IDENTITY_ENDPOINT: urls.identity,
      IDENTITY_HEADER: identityHeader,
      ARM_ENDPOINT: urls.arm,
      LOG_ANALYTICS_ENDPOINT: urls.logAnalytics,
      GRAPH_ENDPOINT: urls.graph,
      NODE_EXTRA_CA_CERTS: caCertPath,
      ...(fixture.auditor.kind === 'UserAssigned' ? { AZURE_CLIENT_ID: fixture.auditor.clientId } : {}),
    },
    caCertPath,
    issuer,
    fixture,
    apiCalls,
    callers,
    throttled: () => throttled,
    ingested,
    setFaults(list) {
      faults = new FaultInjector(parseTenantFixture({ ...(options.fixture as object), faults: list }).faults);
    },
    async stop() {
      await kqlQueries.stop();
      await Promise.all(
        [https, http].map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
      // The CA folder this call made goes with it; a caller's own folder stays.
      if (!options.caDir) rmSync(caDir, { recursive: true, force: true });
    },
  };
}
