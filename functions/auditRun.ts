import { app } from '@azure/functions';

import { auditRun } from '../src/handlers/auditRun.js';

app.http('auditRun', { methods: ['POST'], route: 'audit/runs', authLevel: 'function', handler: auditRun });
