import { afterEach, describe, expect, it, vi } from 'vitest';

/** `process.exit` stand-in: ends the command where it would have ended the process. */
class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/**
 * Runs the command in this process for what ends before any Azure call (usage errors): the module
 * parses `process.argv` when imported, so each run imports it afresh. The first exit code is the
 * one a shell would see.
 */
async function cli(args: string[]): Promise<{ status: number | undefined; stderr: string }> {
  vi.resetModules();
  const stderr: string[] = [];
  const codes: number[] = [];
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    codes.push(Number(code ?? 0));
    throw new Exit(Number(code ?? 0));
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
  vi.spyOn(console, 'error').mockImplementation((...m: unknown[]) => void stderr.push(m.join(' ')));
  process.argv = ['node', 'mi-auditor', ...args];
  try {
    await import('../../src/cli/main.js');
  } catch (e) {
    if (!(e instanceof Exit)) throw e;
  }
  return { status: codes[0], stderr: stderr.join('') };
}

const argv = process.argv;
afterEach(() => {
  process.argv = argv;
  vi.restoreAllMocks();
});

describe('the mi-auditor command, on bad usage', () => {
  it.each([
    [['audit', '--subscription', 'prod'], /--subscription must be a subscription id/],
    [['audit', '--check', 'nope'], /--check must be one of/],
    [['audit', '--lookback', 'a week'], /--lookback must be an ISO-8601 duration/],
    [['audit', '--format', 'pdf'], /unknown format 'pdf'/],
    [['audit', '--fail-on', 'severe'], /--fail-on/],
    [['audit', '--no-such-option'], /unknown option '--no-such-option'/],
  ])('refuses %j with exit code 2 and names the option', async (args, message) => {
    const run = await cli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
