import type { AuditSnapshot } from '../../collect/snapshot.js';
import { ownCredentials } from '../lib/signInCredentials.js';
import {
  appDataErrors,
  appSubjects,
  hasBroadRole,
  isExpired,
  reachSummary,
  subjectEvidence,
} from '../lib/appCredentials.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { lowerSeverity, type Severity } from '../../severity.js';
import { shellQuote } from '../../util/shellQuote.js';
import { metadata } from './metadata.js';

/**
 * One finding per app that reaches Azure and still holds an unexpired secret or certificate.
 * Expired credentials are app-credential-expiry's.
 */
export function evaluate(snapshot: AuditSnapshot, context: CheckContext): CheckResult {
  const findings: CheckFinding[] = [];
  const subjects = appSubjects(snapshot);
  let elsewhere = 0;
  for (const subject of subjects) {
    const live = subject.credentials.filter((h) => !isExpired(h.credential, context.now));
    if (!live.length) {
      // A multi-tenant app registered in another tenant: its registration, and any secret on it,
      // "resides in the Microsoft Entra tenant where the application was registered" (Learn,
      // "Application and service principal objects"), which this audit cannot read. Not a pass.
      if (ownCredentials(snapshot, subject.servicePrincipal, subject.application) === 'homeTenant')
        elsewhere++;
      continue;
    }
    const secrets = live.filter((h) => h.kind === 'clientSecret').length;
    const certificates = live.length - secrets;
    const strong = hasBroadRole(subject.reach) || subject.reach.vaultReads.length > 0;
    const base: Severity = strong ? 'high' : 'medium';
    const severity = secrets ? base : lowerSeverity(base);
    const appId = subject.servicePrincipal.appId;
    const held = [
      secrets ? `${secrets} client secret${secrets === 1 ? '' : 's'}` : '',
      certificates ? `${certificates} certificate${certificates === 1 ? '' : 's'}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const federated = subject.application?.federatedIdentityCredentials?.length ?? 0;
    findings.push({
      checkId: metadata.id,
      severity,
      title: metadata.title,
      message: `App '${subject.displayName}' (appId ${appId}) holds ${held} and reaches Azure through ${reachSummary(subject)}: ${federated ? 'it already has a federated credential, so the secret can go' : 'move it to a managed identity or a federated credential'}.`,
      resourceId: subject.resourceId,
      principalId: subject.servicePrincipal.id,
      evidence: subjectEvidence(subject, snapshot, context.now),
      remediation: {
        text: 'If the workload runs in Azure, give it a managed identity with the same roles; otherwise add a federated identity credential for its CI/CD or identity provider (GitHub Actions, Azure DevOps, Kubernetes, another cloud). Then delete every secret and certificate listed.',
        cli: [
          // Federated credentials go on an app registration: a service principal without one in this
          // tenant (Legacy, or another tenant's app) only has its own credentials to delete.
          ...(subject.application
            ? [`az ad app federated-credential create --id ${shellQuote(appId)} --parameters credential.json`]
            : []),
          ...live.map((h) =>
            h.on === 'application'
              ? `az ad app credential delete --id ${shellQuote(appId)} --key-id ${shellQuote(h.credential.keyId)}${h.kind === 'certificate' ? ' --cert' : ''}`
              : `az ad sp credential delete --id ${shellQuote(subject.servicePrincipal.id)} --key-id ${shellQuote(h.credential.keyId)}${h.kind === 'certificate' ? ' --cert' : ''}`,
          ),
        ].join(' && '),
      },
    });
  }
  return {
    findings,
    evaluated: subjects.length - elsewhere,
    errors: appDataErrors(snapshot),
    ...(elsewhere ? { notEvaluated: [{ reason: REGISTERED_ELSEWHERE, count: elsewhere }] } : {}),
  };
}

/** Why an app that reaches Azure is left out: its credentials live in the tenant that registered it. */
export const REGISTERED_ELSEWHERE =
  "apps registered in another tenant (multi-tenant apps and vendors' service principals) that reach Azure here: their secrets and certificates are kept on the registration in their home tenant, which this audit cannot read";
