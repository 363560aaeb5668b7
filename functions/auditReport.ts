import { app } from '@azure/functions';

import { auditReport } from '../src/handlers/auditReport.js';

app.http('auditReport', {
  methods: ['GET'],
  route: 'audit/report',
  authLevel: 'function',
  handler: auditReport,
});
