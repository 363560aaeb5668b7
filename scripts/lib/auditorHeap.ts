/**
 * The Node.js heap limit the deployed app runs with on an instance of this much memory: two thirds
 * of it (the rest is for the Functions host process and Node's memory outside its heap), as
 * `infra/main.json` sets through `languageWorkers__node__arguments` (`--max-old-space-size`;
 * test/infra.test.ts holds the two together). The bench runs the auditor
 * with the same limit, so that it is measured as deployed: under the limit V8 collects harder
 * instead of growing, and an audit that would not fit stops here as it would in Azure.
 */
export function auditorHeapMiB(instanceMemoryMB: number): number {
  return Math.floor((instanceMemoryMB * 2) / 3);
}
