import { randomUUID } from 'node:crypto';

import {
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  createLocalJWKSet,
  type JWK,
  type JWTPayload,
} from 'jose';

/** The audiences (resources) the emulated APIs accept, as real tokens carry them. */
export const AUDIENCES = {
  arm: 'https://management.azure.com',
  logAnalytics: 'https://api.loganalytics.io',
  graph: 'https://graph.microsoft.com',
  monitor: 'https://monitor.azure.com',
  storage: 'https://storage.azure.com',
} as const;

export interface ManagedIdentityClaims {
  tenantId: string;
  principalId: string;
  clientId: string;
  resourceId: string;
}

export type TokenCheck =
  | { ok: true; claims: JWTPayload }
  | { ok: false; code: 'missing' | 'expired' | 'audience' | 'invalid'; message: string };

/**
 * Issues RS256 JWTs with the claims of a real managed-identity token (v1: `iss` sts.windows.net,
 * `oid`, `appid`, `idtyp: app`, `xms_mirid`), and validates them against its own JWKS, so every
 * API can refuse a token of the wrong audience, an expired one or an unsigned one.
 */
export class TokenIssuer {
  /**
   * Tokens whose signature and issuer were verified, with their claims: a client presents the same
   * token on every request until it renews it (the benchmark's 27,000 requests at 1M resources
   * carried three), and an RSA verification costs about half a millisecond. Time claims and the
   * audience are still checked on every request.
   */
  private readonly verified = new Map<string, JWTPayload>();
  private keySet: ReturnType<typeof createLocalJWKSet> | undefined;

  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly jwk: JWK,
    readonly keyId: string,
    readonly tenantId: string,
  ) {}

  static async create(tenantId: string): Promise<TokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = randomUUID();
    return new TokenIssuer(privateKey, { ...jwk, kid, use: 'sig', alg: 'RS256' }, kid, tenantId);
  }

  get issuer(): string {
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [this.jwk] };
  }

  /** A managed-identity access token for `resource`, valid `lifetimeSeconds` (negative: already expired). */
  async issue(
    identity: ManagedIdentityClaims,
    resource: string,
    lifetimeSeconds = 86_399,
  ): Promise<{ token: string; expiresOn: number }> {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + lifetimeSeconds;
    const token = await new SignJWT({
      aud: resource.replace(/\/+$/, ''),
      iss: this.issuer,
      idp: this.issuer,
      oid: identity.principalId,
      sub: identity.principalId,
      tid: identity.tenantId,
      appid: identity.clientId,
      appidacr: '2',
      idtyp: 'app',
      xms_mirid: identity.resourceId,
      ver: '1.0',
      uti: randomUUID().replaceAll('-', ''),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.keyId })
      .setIssuedAt(now - 5)
      .setNotBefore(now - 5)
      .setExpirationTime(exp)
      .sign(this.privateKey);
    return { token, expiresOn: exp };
  }

  /** Checks an `Authorization: Bearer` header for the given audience. */
  async verify(authorization: string | undefined, audience: string): Promise<TokenCheck> {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) return { ok: false, code: 'missing', message: 'The request does not carry a bearer token.' };
    try {
      let payload = this.verified.get(token);
      if (payload) checkTimes(payload);
      else {
        ({ payload } = await jwtVerify(token, (this.keySet ??= createLocalJWKSet(this.jwks())), {
          issuer: this.issuer,
          algorithms: ['RS256'],
        }));
        if (this.verified.size >= 10_000) this.verified.clear();
        this.verified.set(token, payload);
      }
      const aud = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).map((a) =>
        String(a).replace(/\/+$/, ''),
      );
      if (!aud.includes(audience)) {
        return {
          ok: false,
          code: 'audience',
          message: `The access token has an invalid audience '${aud.join(',')}'; expected '${audience}'.`,
        };
      }
      return { ok: true, claims: payload };
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED')
        return {
          ok: false,
          code: 'expired',
          message: 'The access token expiry UTC time is earlier than current UTC time.',
        };
      return { ok: false, code: 'invalid', message: `The access token is invalid: ${(e as Error).message}` };
    }
  }
}

/** A time claim check failed: the error jose's jwtVerify throws for it (same code and message). */
class TimeClaimError extends Error {
  constructor(
    readonly code: 'ERR_JWT_EXPIRED' | 'ERR_JWT_CLAIM_VALIDATION_FAILED',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The time checks jose's jwtVerify makes (jose 6, lib/jwt_claims_set.js: `nbf` after now fails,
 * then `exp` at or before now; whole seconds, no tolerance), for a token verified before.
 */
function checkTimes(payload: JWTPayload): void {
  const now = Math.floor(Date.now() / 1000);
  if (payload.nbf !== undefined && payload.nbf > now)
    throw new TimeClaimError('ERR_JWT_CLAIM_VALIDATION_FAILED', '"nbf" claim timestamp check failed');
  if (payload.exp !== undefined && payload.exp <= now)
    throw new TimeClaimError('ERR_JWT_EXPIRED', '"exp" claim timestamp check failed');
}
