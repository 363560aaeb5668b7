import { describe, expect, it } from 'vitest';

import { runCliInProcess } from '../support/cliInProcess.js';

// Usage errors end before any Azure call: in this process (the exit code a shell would see is
// asserted; cli.test.ts spawns the real command for what the process boundary itself decides).
describe('the mi-auditor command, on bad usage', () => {
  it.each([
    [['audit', '--subscription', 'prod'], /--subscription must be a subscription id/],
    [['audit', '--check', 'nope'], /--check must be one of/],
    [['audit', '--lookback', 'a week'], /--lookback must be an ISO-8601 duration/],
    [['audit', '--format', 'pdf'], /unknown format 'pdf'/],
    [['audit', '--fail-on', 'severe'], /--fail-on/],
    [['audit', '--no-such-option'], /unknown option '--no-such-option'/],
  ])('refuses %j with exit code 2 and names the option', async (args, message) => {
    const run = await runCliInProcess(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
