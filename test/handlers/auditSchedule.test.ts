import { describe, expect, it } from 'vitest';

import { DEFAULT_AUDIT_SCHEDULE } from '../../src/config.js';
import { auditScheduleBinding } from '../../src/handlers/auditSchedule.js';

describe('auditScheduleBinding', () => {
  it('refers the host to the AUDIT_SCHEDULE app setting when it is set', () => {
    expect(auditScheduleBinding({ AUDIT_SCHEDULE: '0 0 */4 * * *' })).toBe('%AUDIT_SCHEDULE%');
  });

  it('falls back to the daily default when the setting is absent or blank', () => {
    expect(auditScheduleBinding({})).toBe(DEFAULT_AUDIT_SCHEDULE);
    expect(auditScheduleBinding({ AUDIT_SCHEDULE: '  ' })).toBe(DEFAULT_AUDIT_SCHEDULE);
  });
});
