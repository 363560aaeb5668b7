import { app } from '@azure/functions';

import { auditScheduleBinding } from '../src/handlers/auditSchedule.js';
import { auditTimer } from '../src/handlers/auditTimer.js';

app.timer('auditTimer', {
  schedule: auditScheduleBinding(process.env),
  // Never on start-up: every scale-out instance would start its own audit.
  runOnStartup: false,
  handler: auditTimer,
});
