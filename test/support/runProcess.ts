import { spawn } from 'node:child_process';

export interface ProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Node script in its own process and collects its output. Asynchronous on purpose: the
 * emulator such a process talks to may be running in the test's own process.
 */
export function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessResult> {
  const child = spawn(process.execPath, args, { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => (stdout += c));
  child.stderr.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}
