import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files that take longest, longest first (measured; see the README's test section). Vitest
 * orders files by the durations it cached on an earlier run, but a fresh clone (CI) has no cache and
 * falls back to file size: a long file picked last leaves one worker idle while the other finishes it.
 * Naming them here starts them first on every machine. A file missing here only runs later.
 */
export const SLOW_FILES = [
  'test/faults/faultMatrix.test.ts',
  'test/integration/demoCommand.test.ts',
  'test/cli/cli.test.ts',
  'test/report/largeReport.test.ts',
  'test/integration/history.test.ts',
  'test/scripts/bench.test.ts',
];

/** Vitest's own order (cached durations, else size), with {@link SLOW_FILES} moved to the front. */
export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = SLOW_FILES.findIndex((f) => spec.moduleId.replaceAll('\\', '/').endsWith(`/${f}`));
      return i === -1 ? SLOW_FILES.length : i;
    };
    // Array.prototype.sort is stable: files outside the list keep vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
