import { app } from '@azure/functions';

import { API_ROLES, requireAppRole } from '../src/handlers/apiAuthorization.js';
import { auditRunStatus } from '../src/handlers/auditRunStatus.js';

app.http('auditRunStatus', {
  methods: ['GET'],
  route: 'audit/runs/{id}',
  authLevel: 'function',
  handler: requireAppRole(API_ROLES.read, auditRunStatus),
});
