import type { AuditSnapshot, GraphCredential } from '../../collect/snapshot.js';
import { appDataErrors, appSubjects, reachSummary, subjectEvidence } from '../lib/appCredentials.js';
import type { CheckContext, CheckFinding, CheckResult } from '../types.js';
import { shellQuote } from '../../util/shellQuote.js';
import { metadata } from './metadata.js';

const DAY_MS = 86_400_000;
/**
 * "Issued for more than two years" (contract): end − start > 730 days. A secret of Graph's default
 * lifetime (an endDateTime whose "default value is "startDateTime + 2 years"", passwordCredential)
 * spans 731 days when a 29 February lies between, so such a secret is reported too: the contract's
 * rule, kept as written.
 */
const LONG_LIVED_DAYS = 730;
/** The contract's default for APP_CREDENTIAL_EXPIRY_DAYS. */
const DEFAULT_EXPIRY_DAYS = 30;

/** What is wrong with one credential's dates, if anything. */
function problem(c: GraphCredential, now: Date, horizonDays: number): string | undefined {
  const end = c.endDateTime ? Date.parse(c.endDateTime) : NaN;
  const start = c.startDateTime ? Date.parse(c.startDateTime) : NaN;
  if (Number.isFinite(end) && end <= now.getTime()) {
    return `expired ${Math.floor((now.getTime() - end) / DAY_MS)} days ago and is still present`;
  }
  if (Number.isFinite(end) && end - now.getTime() < horizonDays * DAY_MS) {
    return `expires in ${Math.floor((end - now.getTime()) / DAY_MS)} days`;
  }
  if (Number.isFinite(end) && Number.isFinite(start) && end - start > LONG_LIVED_DAYS * DAY_MS) {
    return `was issued for ${Math.round((end - start) / DAY_MS)} days (more than two years)`;
  }
  return undefined;
}

/** One finding per app (of those that reach Azure) with at least one such credential. */
export function evaluate(snapshot: AuditSnapshot, context: CheckContext): CheckResult {
  const findings: CheckFinding[] = [];
  const subjects = appSubjects(snapshot);
  const horizonDays = context.appCredentialExpiryDays ?? DEFAULT_EXPIRY_DAYS;
  for (const subject of subjects) {
    const problems = subject.credentials.flatMap((h) => {
      const p = problem(h.credential, context.now, horizonDays);
      return p ? [{ held: h, problem: p }] : [];
    });
    if (!problems.length) continue;
    const appId = subject.servicePrincipal.appId;
    const list = problems
      .map(
        (p) =>
          `${p.held.kind === 'clientSecret' ? 'secret' : 'certificate'} ${p.held.credential.displayName ?? p.held.credential.keyId} ${p.problem}`,
      )
      .join('; ');
    findings.push({
      checkId: metadata.id,
      severity: 'medium',
      title: metadata.title,
      message: `App '${subject.displayName}' (appId ${appId}), which reaches Azure through ${reachSummary(subject)}: ${list}.`,
      resourceId: subject.resourceId,
      principalId: subject.servicePrincipal.id,
      evidence: {
        ...subjectEvidence(subject, snapshot, context.now),
        problems: problems.map((p) => ({
          keyId: p.held.credential.keyId,
          type: p.held.kind,
          problem: p.problem,
        })),
        expiryDays: horizonDays,
      },
      remediation: {
        text: 'Replace the credential by a managed identity or a federated credential rather than rotating it; delete expired credentials.',
        cli: problems
          .map((p) =>
            p.held.on === 'application'
              ? `az ad app credential delete --id ${shellQuote(appId)} --key-id ${shellQuote(p.held.credential.keyId)}${p.held.kind === 'certificate' ? ' --cert' : ''}`
              : `az ad sp credential delete --id ${shellQuote(subject.servicePrincipal.id)} --key-id ${shellQuote(p.held.credential.keyId)}${p.held.kind === 'certificate' ? ' --cert' : ''}`,
          )
          .join(' && '),
      },
    });
  }
  return { findings, evaluated: subjects.length, errors: appDataErrors(snapshot) };
}
