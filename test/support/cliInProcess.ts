import { vi } from 'vitest';

/** `process.exit` stand-in: ends the command where it would have ended the process. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

export interface InProcessRun {
  /** The exit code a shell would see: the first `process.exit`, else 0 (the command returned). */
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `mi-auditor <args>` in this test process, with `env` stubbed over the test's environment
 * (an `undefined` value removes a variable). The module parses `process.argv` when imported, so
 * each run imports it afresh. Cheaper than a process (no second Node, no reloading of the Azure
 * SDKs); the process boundary itself is tested by the few runs in cli.test.ts that spawn
 * `bin/mi-auditor.js`.
 */
export async function runCliInProcess(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<InProcessRun> {
  vi.resetModules();
  const stdout: string[] = [];
  const stderr: string[] = [];
  const codes: number[] = [];
  const argv = process.argv;
  const before = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const setEnv = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  setEnv(env);
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    codes.push(Number(code ?? 0));
    throw new Exit(Number(code ?? 0));
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  vi.spyOn(console, 'error').mockImplementation((...m: unknown[]) => void stderr.push(`${m.join(' ')}\n`));
  vi.spyOn(console, 'log').mockImplementation((...m: unknown[]) => void stdout.push(`${m.join(' ')}\n`));
  process.argv = ['node', 'mi-auditor', ...args];
  try {
    await import('../../src/cli/main.js');
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
  } finally {
    process.argv = argv;
    vi.restoreAllMocks();
    setEnv(before);
  }
  return { status: codes[0] ?? 0, stdout: stdout.join(''), stderr: stderr.join('') };
}
