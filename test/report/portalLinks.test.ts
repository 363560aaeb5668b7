import { describe, expect, it } from 'vitest';

import { portalAccessControlLink, portalResourceLink } from '../../src/report/portalLinks.js';

const TENANT = '7b000000-0000-4000-8000-000000000042';
/** Every segment percent-encoded, as the links were first written. */
const slow = (id: string) =>
  `https://portal.azure.com/#@${TENANT}/resource${id
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/')}`;

describe('portal links', () => {
  it('escape what would end the fragment or path, and leave plain ids as Azure spells them', () => {
    for (const id of [
      '/subscriptions/5b000000-0000-4000-8000-000000000001/resourceGroups/rg-1/providers/Microsoft.Web/sites/app.1',
      "/subscriptions/s/resourceGroups/rg_(a)/providers/x/y/n~!*'",
      '/subscriptions/s/resourceGroups/rg/providers/x/y/name with space',
      '/subscriptions/s/resourceGroups/rg/providers/x/y/a#b?c&d=e%f',
      '/subscriptions/s/resourceGroups/é/providers/x/y/z',
      '/',
      '//double//',
    ])
      expect(portalResourceLink(TENANT, id), id).toBe(slow(id));
    expect(portalAccessControlLink(TENANT, '/subscriptions/s/')).toBe(`${slow('/subscriptions/s')}/users`);
  });
});
