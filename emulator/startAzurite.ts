import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The well-known development account of Azurite (public, documented; not a secret). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  connectionString: string;
  ports: { blob: number; queue: number; table: number };
  stop(): Promise<void>;
}

/**
 * Starts Azurite (Blob, Queue, Table) on 127.0.0.1 with free ports. `location` keeps its data
 * between runs (the demo's --state); without it a temporary folder is used and removed on stop.
 */
export async function startAzurite(
  location?: string,
  tls?: { certPath: string; keyPath: string },
): Promise<RunningAzurite> {
  const require = createRequire(import.meta.url);
  const script = join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
  const dir = location ?? mkdtempSync(join(tmpdir(), 'mi-auditor-azurite-'));
  const child = spawn(
    process.execPath,
    [
      script,
      '--location',
      dir,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--queueHost',
      '127.0.0.1',
      '--queuePort',
      '0',
      '--tableHost',
      '127.0.0.1',
      '--tablePort',
      '0',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--loose',
      // With TLS, Azurite accepts bearer tokens (OAuth), as Azure Storage does for managed identities.
      ...(tls ? ['--oauth', 'basic', '--cert', tls.certPath, '--key', tls.keyPath] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  const ports: Partial<Record<'blob' | 'queue' | 'table', number>> = {};
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Azurite did not start within 30 s:\n${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const m of output.matchAll(
        /Azurite (Blob|Queue|Table) service is successfully listening at https?:\/\/127\.0\.0\.1:(\d+)/g,
      )) {
        ports[m[1]!.toLowerCase() as 'blob' | 'queue' | 'table'] = Number(m[2]);
      }
      if (ports.blob && ports.queue && ports.table) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  const p = ports as Required<typeof ports>;
  return {
    ports: p,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=http://127.0.0.1:${p.blob}/${ACCOUNT};QueueEndpoint=http://127.0.0.1:${p.queue}/${ACCOUNT};TableEndpoint=http://127.0.0.1:${p.table}/${ACCOUNT};`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        // The grace timer is cleared once Azurite exits: left pending, it would hold a process that
        // is done (the demo, a CLI) open for its full 5 s.
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (grace = setTimeout(r, 5000)))]);
        clearTimeout(grace);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!location) rmSync(dir, { recursive: true, force: true });
    },
  };
}
