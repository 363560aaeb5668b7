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

/**
 * The young generation's semi-space the deployed app runs with: a 64th of the instance's memory
 * (8 MiB on 512 MB, 32 MiB on 2048 MB, 64 MiB on 4096 MB), set by the same app setting
 * (`--max-semi-space-size`). The young generation is three semi-spaces (Node.js CLI docs,
 * `--max-semi-space-size`), so it takes under 5% of the instance beside the two thirds of
 * {@link auditorHeapMiB}.
 *
 * Why: an audit allocates short-lived objects per page and per request (parsed rows, HTTP
 * headers) while its long-lived tables grow; with Node's default (16 MiB under a 1,365 MiB heap)
 * every scavenge copies what is still in flight. Measured with `npm run bench` at 1M resources
 * (README, Scale): 1,374 scavenges took 10.3 s; at 32 MiB, 683 took 6.4 s; at 64 MiB, 351 took
 * 5.2 s, but the goal-size audit then peaked at 492–507 MiB against its 512 MiB target.
 */
export function auditorSemiSpaceMiB(instanceMemoryMB: number): number {
  return Math.floor(instanceMemoryMB / 64);
}

/** The Node.js arguments of `languageWorkers__node__arguments` for an instance of this memory. */
export function auditorNodeArguments(instanceMemoryMB: number): string[] {
  return [
    `--max-old-space-size=${auditorHeapMiB(instanceMemoryMB)}`,
    `--max-semi-space-size=${auditorSemiSpaceMiB(instanceMemoryMB)}`,
  ];
}
