import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import functions from '@azure/functions';
import { QueueClient } from '@azure/storage-queue';

import { HTTP_FUNCTIONS, QUEUE_FUNCTIONS } from '../../src/handlers/functionTable.js';

/**
 * A stand-in for the Functions host on 127.0.0.1 (Core Tools cannot run here): routes the HTTP
 * functions' requests to their handlers and feeds the run queue to the worker, as the host
 * would. Function keys are not checked locally.
 */
export async function startLocalFunctionsHost(
  connectionString: string,
  log: (m: string) => void = () => {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const context = (name: string) =>
    new functions.InvocationContext({
      functionName: name,
      invocationId: `${name}-${Date.now()}`,
      logHandler: (level, ...args) => log(`[${name}] ${level}: ${args.map(String).join(' ')}`),
    });
  // The app's own route table, as the Functions host reads it; `/` also serves the dashboard locally.
  const routes = Object.entries(HTTP_FUNCTIONS).map(([name, f]) => {
    const path = `api/${f.route.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}`;
    return {
      methods: new Set<string>(f.methods),
      pattern: new RegExp(name === 'auditDashboard' ? `^/(?:${path})?$` : `^/${path}$`),
      name,
      handler: f.handler,
    };
  });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      const route = routes.find((r) => r.methods.has(req.method ?? '') && r.pattern.test(url.pathname));
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            error: { code: 'NotFound', message: `No function serves ${req.method} ${url.pathname}` },
          }),
        );
        return;
      }
      const params = route.pattern.exec(url.pathname)?.groups ?? {};
      const request = new functions.HttpRequest({
        method: req.method!,
        url: url.toString(),
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]),
        ),
        params,
        body: { string: Buffer.concat(chunks).toString('utf8') },
      });
      const out = await route.handler(request, context(route.name));
      const headers = Object.fromEntries(Object.entries((out.headers ?? {}) as Record<string, string>));
      res.writeHead(out.status ?? 200, headers);
      // Large outputs come as byte streams (the report store's openLatest); pass them through.
      if (out.body && typeof out.body === 'object' && Symbol.asyncIterator in out.body) {
        for await (const chunk of out.body as AsyncIterable<Uint8Array>) res.write(chunk);
        res.end();
        return;
      }
      res.end(
        out.jsonBody !== undefined
          ? JSON.stringify(out.jsonBody)
          : typeof out.body === 'string'
            ? out.body
            : '',
      );
    })().catch((e: unknown) => {
      res.writeHead(500).end(String(e));
    });
  });
  // The queue worker runs audits on this same event loop; an idle keep-alive socket must outlive one,
  // or a client reusing it meets ECONNRESET.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const worker = QUEUE_FUNCTIONS.auditRunWorker;
  const queue = new QueueClient(connectionString, worker.queueName);
  let stopped = false;
  const poll = async () => {
    while (!stopped) {
      try {
        await queue.createIfNotExists();
        const { receivedMessageItems } = await queue.receiveMessages({
          numberOfMessages: 1,
          visibilityTimeout: 600,
        });
        for (const m of receivedMessageItems) {
          const message: unknown = JSON.parse(Buffer.from(m.messageText, 'base64').toString('utf8'));
          await queue.deleteMessage(m.messageId, m.popReceipt);
          await worker
            .handler(message, context('auditRunWorker'))
            .catch((e: unknown) => log(`auditRunWorker failed: ${(e as Error).message}`));
        }
      } catch (e) {
        log(`queue poll: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const polling = poll();
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      stopped = true;
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await polling;
    },
  };
}
