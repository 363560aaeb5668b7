import { app } from '@azure/functions';

import { auditDashboard } from '../src/handlers/auditDashboard.js';

app.http('auditDashboard', {
  methods: ['GET'],
  route: 'audit/dashboard',
  authLevel: 'function',
  handler: auditDashboard,
});
