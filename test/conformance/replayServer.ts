import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

import type { AccessToken, TokenCredential } from '@azure/core-auth';

import { testTls } from '../support/testEmulator.js';
import type { CorpusResponse } from './corpus.js';

/** A request the replay server received. */
export interface ReplayedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The body's bytes as received (a gzip upload is not text). */
  raw: Buffer;
}

/** Chooses the recorded answer for a request; undefined answers 404 (a request nobody recorded). */
export type ReplayRoute = (req: ReplayedRequest) => CorpusResponse | undefined;

export interface ReplayServer {
  url: string;
  requests: ReplayedRequest[];
  stop(): Promise<void>;
}

/**
 * Serves recorded Azure responses over HTTPS on 127.0.0.1 with the test run's CA (trusted through
 * NODE_EXTRA_CA_CERTS, see test/globalSetup.ts), so the real `@azure/*` clients talk to it exactly
 * as to Azure. `https://serviceRoot` in recorded nextLinks is rewritten to the server.
 */
export async function startReplayServer(route: ReplayRoute): Promise<ReplayServer> {
  const tls = testTls();
  const requests: ReplayedRequest[] = [];
  let base = '';
  const server: Server = createServer({ key: tls.serverKeyPem, cert: tls.serverCertPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(`https://x${req.url ?? '/'}`);
      const request: ReplayedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname.replace(/\/{2,}/g, '/'),
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        raw: Buffer.concat(chunks),
      };
      requests.push(request);
      const answer = route(request) ?? {
        status: 404,
        body: { error: { code: 'NotRecorded', message: `${request.method} ${request.path}` } },
      };
      const payload =
        answer.bodyText ??
        (answer.body === undefined
          ? ''
          : JSON.stringify(answer.body).replaceAll('https://serviceRoot', base));
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A credential that hands out a fixed token: replay tests exercise the wire, not sign-in. */
export const replayCredential: TokenCredential = {
  getToken: (): Promise<AccessToken> =>
    Promise.resolve({ token: 'replay-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
};
