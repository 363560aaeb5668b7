import { afterAll, beforeAll } from 'vitest';

import { createAzureClients, type AzureClients } from '../../src/collect/azureClients.js';
import { loadConfig } from '../../src/config.js';
import type { CorpusResponse } from './corpus.js';
import { replayCredential, startReplayServer, type ReplayRoute, type ReplayServer } from './replayServer.js';

type ReplayRequest = Parameters<ReplayRoute>[0];

/** A replay server for one test file, and the product's own Azure clients pointed at it. */
export interface ReplayHarness {
  readonly server: ReplayServer;
  readonly clients: AzureClients;
  /** Serves `answer` to requests on `path` (case-insensitive) for the rest of the file; the latest wins. */
  serve: (method: string, path: string, answer: (req: ReplayRequest) => CorpusResponse | undefined) => void;
  /** The requests the server received on `path` (case-insensitive), oldest first. */
  requestsTo: (path: string) => ReplayRequest[];
}

/**
 * Starts the replay server before the file's tests and stops it after, with the real `@azure/*`
 * clients of `createAzureClients` aimed at it (ARM, Log Analytics and Graph on one origin).
 */
export function useReplayHarness(): ReplayHarness {
  const routes: ReplayRoute[] = [];
  let server: ReplayServer | undefined;
  let clients: AzureClients | undefined;
  beforeAll(async () => {
    server = await startReplayServer((req) => {
      for (const route of routes) {
        const answer = route(req);
        if (answer) return answer;
      }
      return undefined;
    });
    clients = createAzureClients(
      loadConfig({
        ARM_ENDPOINT: server.url,
        LOG_ANALYTICS_ENDPOINT: `${server.url}/v1`,
        GRAPH_ENDPOINT: server.url,
      }),
      replayCredential,
    );
  });
  afterAll(() => server?.stop()); // undefined when the start failed: its own error is the one to see
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the replay server has not started');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get clients() {
      return started(clients);
    },
    serve: (method, path, answer) => {
      routes.unshift((req) =>
        req.method === method && req.path.toLowerCase() === path.toLowerCase() ? answer(req) : undefined,
      );
    },
    requestsTo: (path) => started(server).requests.filter((r) => r.path.toLowerCase() === path.toLowerCase()),
  };
}
