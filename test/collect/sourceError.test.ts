import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';

import { toSourceError } from '../../src/collect/sourceError.js';
import { CollectorError } from '../../src/errors.js';

describe('toSourceError', () => {
  it("keeps a RestError's status and Azure's code, and the first line of its message", () => {
    const e = new RestError('The client does not have authorization\nmore', {
      statusCode: 403,
      code: 'AuthorizationFailed',
    });
    expect(toSourceError('roleAssignments', '/subscriptions/1', e)).toEqual({
      source: 'roleAssignments',
      scope: '/subscriptions/1',
      statusCode: 403,
      code: 'AuthorizationFailed',
      message: 'The client does not have authorization',
    });
  });

  it("keeps a CollectorError's upstream status and code", () => {
    const e = new CollectorError('token', 'tenant', 'no token', {
      statusCode: 400,
      code: 'invalid_resource',
    });
    expect(toSourceError('directory', 'tenant', e)).toMatchObject({
      statusCode: 400,
      code: 'invalid_resource',
    });
  });

  it('does not guess a status from an error that carries none', () => {
    const e = Object.assign(new Error('socket hang up'), { statusCode: 418 });
    expect(toSourceError('directory', 'tenant', e)).toEqual({
      source: 'directory',
      scope: 'tenant',
      message: 'socket hang up',
    });
  });
});
