import type {
  AuditSnapshot,
  GraphApplication,
  GraphCredential,
  GraphServicePrincipal,
} from '../../collect/snapshot.js';

/** A secret or certificate, and which object holds it. */
export interface HeldCredential {
  kind: 'clientSecret' | 'certificate';
  /** The app registration or the service principal itself. */
  on: 'application' | 'servicePrincipal';
  credential: GraphCredential;
}

/**
 * The credentials of one object an app can sign in to Entra ID with: its client secrets and the
 * public keys of its certificates (keyCredential `usage` Verify). Not those that sign or encrypt the
 * tokens Entra ID issues for the app: a SAML app's token-signing certificate is a private key
 * (usage Sign), its public key (Verify) and the password of the PFX file, added to the service
 * principal together, "All the objects have the same value of customKeyIdentifier" and the password
 * "and the associated private key object have the same value of keyId" (Graph,
 * servicePrincipal: addTokenSigningCertificate); a token-encryption certificate has usage Encrypt
 * (Learn, "Configure Microsoft Entra SAML token encryption"). Reporting those as sign-in credentials
 * called every SAML single sign-on app with a role a secret holder, and its remediation deleted the
 * signing certificate.
 */
export function signInCredentials(
  on: HeldCredential['on'],
  holder: Pick<GraphApplication, 'passwordCredentials' | 'keyCredentials'>,
): HeldCredential[] {
  const signing = holder.keyCredentials.filter((k) => k.usage?.toLowerCase() === 'sign');
  const signingKeyIds = new Set(signing.map((k) => k.keyId.toLowerCase()));
  const signingCertificates = new Set(
    signing.flatMap((k) => (k.customKeyIdentifier ? [k.customKeyIdentifier] : [])),
  );
  const held: HeldCredential[] = [];
  for (const c of holder.passwordCredentials)
    if (!signingKeyIds.has(c.keyId.toLowerCase())) held.push({ kind: 'clientSecret', on, credential: c });
  for (const c of holder.keyCredentials) {
    const usage = c.usage?.toLowerCase();
    if (usage === 'sign' || usage === 'encrypt') continue;
    if (c.customKeyIdentifier && signingCertificates.has(c.customKeyIdentifier)) continue;
    held.push({ kind: 'certificate', on, credential: c });
  }
  return held;
}

/**
 * Whether a service principal signs in with credentials of its own, from what Microsoft Graph gave
 * for the principals that reach Azure (`applications`): `held` (a client secret or a sign-in
 * certificate on it or its app registration), `none` (neither: it signs in with a federated
 * credential or not at all), `homeTenant` (its app registration lives in another tenant, "the
 * application's "home" tenant" (Learn, "Application and service principal objects"), whose
 * credentials this tenant cannot read) or `unknown` (Graph gave nothing for it).
 */
export type OwnCredentials = 'held' | 'none' | 'homeTenant' | 'unknown';

/** See {@link OwnCredentials}; `applicationsByAppId` indexes `snapshot.applications.applications`. */
export function ownCredentials(
  snapshot: Pick<AuditSnapshot, 'tenantId'>,
  servicePrincipal: GraphServicePrincipal | undefined,
  application: GraphApplication | undefined,
): OwnCredentials {
  if (!servicePrincipal) return 'unknown';
  const held = [
    ...(application ? signInCredentials('application', application) : []),
    ...signInCredentials('servicePrincipal', servicePrincipal),
  ];
  if (held.length > 0) return 'held';
  const owner = servicePrincipal.appOwnerOrganizationId?.toLowerCase();
  if (!application && owner && owner !== snapshot.tenantId.toLowerCase()) return 'homeTenant';
  return 'none';
}
