import { app } from '@azure/functions';

import { QUEUE_FUNCTIONS } from '../src/handlers/functionTable.js';

app.storageQueue('auditRunWorker', QUEUE_FUNCTIONS.auditRunWorker);
