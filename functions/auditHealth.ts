import { app } from '@azure/functions';

import { HTTP_FUNCTIONS } from '../src/handlers/functionTable.js';

app.http('auditHealth', HTTP_FUNCTIONS.auditHealth);
