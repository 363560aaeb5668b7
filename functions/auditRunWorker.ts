import { app } from '@azure/functions';

import { auditRunWorker } from '../src/handlers/auditRunWorker.js';

app.storageQueue('auditRunWorker', {
  queueName: 'audit-runs',
  connection: 'AzureWebJobsStorage',
  handler: auditRunWorker,
});
