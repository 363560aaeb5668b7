import { app } from '@azure/functions';

import { HTTP_FUNCTIONS } from '../src/handlers/functionTable.js';

app.http('auditRun', HTTP_FUNCTIONS.auditRun);
