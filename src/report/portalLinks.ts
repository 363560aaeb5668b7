/**
 * Links into the Azure portal. Microsoft documents no deep-link contract for the portal; the form
 * `https://portal.azure.com/#@<tenant>/resource<resourceId>` is the one the portal itself puts in
 * the address bar when a resource is opened (and what its "Copy link" gives), and appending
 * `/users` opens that scope's "Access control (IAM)" blade. The `#@<tenant>` part makes the portal
 * switch to the audited tenant for users who belong to several.
 */
const PORTAL = 'https://portal.azure.com/#@';

/** Segments are kept as Azure spells them; characters that would end the fragment or path are escaped. */
function pathOf(id: string): string {
  // Most ids hold only characters encodeURIComponent leaves as they are: nothing to split.
  if (UNRESERVED_PATH.test(id)) return id;
  return id
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** Slashes and the characters encodeURIComponent never escapes. */
const UNRESERVED_PATH = /^[A-Za-z0-9\-_.!~*'()/]*$/;

/** The portal blade of a resource, resource group, subscription or management group. */
export function portalResourceLink(tenantId: string, resourceId: string): string {
  return `${PORTAL}${encodeURIComponent(tenantId)}/resource${pathOf(resourceId)}`;
}

/** The "Access control (IAM)" blade of a scope, where its role assignments are listed and removed. */
export function portalAccessControlLink(tenantId: string, scope: string): string {
  const s = scope.replace(/\/+$/, '');
  return `${portalResourceLink(tenantId, s === '' ? '/' : s)}/users`;
}
