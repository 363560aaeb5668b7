import { app } from '@azure/functions';

import { API_ROLES, requireAppRole } from '../src/handlers/apiAuthorization.js';
import { auditRun } from '../src/handlers/auditRun.js';

app.http('auditRun', {
  methods: ['POST'],
  route: 'audit/runs',
  authLevel: 'function',
  handler: requireAppRole(API_ROLES.run, auditRun),
});
