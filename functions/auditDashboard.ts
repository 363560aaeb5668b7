import { app } from '@azure/functions';

import { API_ROLES, requireAppRole } from '../src/handlers/apiAuthorization.js';
import { auditDashboard } from '../src/handlers/auditDashboard.js';

app.http('auditDashboard', {
  methods: ['GET'],
  route: 'audit/dashboard',
  authLevel: 'function',
  handler: requireAppRole(API_ROLES.read, auditDashboard),
});
