import { describe, expect, it } from 'vitest';

import { PROGRESS_STEPS, progressLogLine, stepOfLogLine } from '../../src/model/progress.js';

describe('progress steps', () => {
  it.each(PROGRESS_STEPS)('reads back the log line of "%s"', (step) =>
    expect(stepOfLogLine(progressLogLine(step))).toBe(step),
  );

  it('ignores log lines that announce no known step', () => {
    expect(stepOfLogLine('audit: something else')).toBeUndefined();
    expect(stepOfLogLine('identity')).toBeUndefined();
  });
});
