import { app } from '@azure/functions';

import { auditRunStatus } from '../src/handlers/auditRunStatus.js';

app.http('auditRunStatus', {
  methods: ['GET'],
  route: 'audit/runs/{id}',
  authLevel: 'function',
  handler: auditRunStatus,
});
