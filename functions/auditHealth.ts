import { app } from '@azure/functions';

import { API_ROLES, requireAppRole } from '../src/handlers/apiAuthorization.js';
import { auditHealth } from '../src/handlers/auditHealth.js';

app.http('auditHealth', {
  methods: ['GET'],
  route: 'audit/health',
  authLevel: 'function',
  handler: requireAppRole(API_ROLES.read, auditHealth),
});
