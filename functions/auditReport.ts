import { app } from '@azure/functions';

import { API_ROLES, requireAppRole } from '../src/handlers/apiAuthorization.js';
import { auditReport } from '../src/handlers/auditReport.js';

app.http('auditReport', {
  methods: ['GET'],
  route: 'audit/report',
  authLevel: 'function',
  handler: requireAppRole(API_ROLES.read, auditReport),
});
