import { existsSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';

/** Where the e2e tests keep screenshots and measurements (git-ignored; CI keeps it as an artifact). */
export const ARTIFACTS = 'test-artifacts';

const CHROMIUM =
  process.env['CHROMIUM_PATH'] ??
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** Debian's headless Chromium (no browser download): `.ci/run` installs it; CHROMIUM_PATH overrides. */
export async function launchChromium(): Promise<Browser> {
  if (!CHROMIUM)
    throw new Error(
      'Chromium is not installed: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH.',
    );
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}
