import { RestError } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';

import { pimNotLicensed } from '../../src/collect/listRoleData.js';

describe('pimNotLicensed', () => {
  it("reads ARM's 400 AadPremiumLicenseRequired as a tenant without PIM", () => {
    const e = new RestError('The tenant needs an AAD Premium 2 license.', {
      statusCode: 400,
      code: 'AadPremiumLicenseRequired',
    });
    expect(pimNotLicensed(e)).toBe(true);
  });

  it('leaves every other refusal an outage: another 400, a 403, a throttle, a plain error', () => {
    expect(pimNotLicensed(new RestError('bad filter', { statusCode: 400, code: 'InvalidFilter' }))).toBe(
      false,
    );
    expect(pimNotLicensed(new RestError('no', { statusCode: 403, code: 'AuthorizationFailed' }))).toBe(false);
    expect(
      pimNotLicensed(new RestError('slow', { statusCode: 429, code: 'AadPremiumLicenseRequired' })),
    ).toBe(false);
    expect(pimNotLicensed(new Error('AadPremiumLicenseRequired'))).toBe(false);
  });
});
