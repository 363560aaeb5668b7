import { resourceGroupOf } from '../../azure/scopes.js';
import type { AuditSnapshot, ChildSettings, ResourceRow } from '../../collect/snapshot.js';
import { shellQuote } from '../../util/shellQuote.js';
import { describeSourceErrors } from '../lib/sourceErrors.js';
import type { CheckFinding, CheckResult } from '../types.js';
import {
  localAuthServiceOf,
  type LocalAuthRule,
  type LocalAuthService,
} from '../../azure/localAuthServices.js';
import { metadata } from './metadata.js';

/** Cosmos DB APIs the Azure Policy built-in leaves out (see the Cosmos DB row's note). */
const COSMOS_EXCLUDED_CAPABILITIES = new Set([
  'enablemongo',
  'enablecassandra',
  'enabletable',
  'enablegremlin',
]);

/** What a rule found: whether secrets still work, and what was read. */
interface Reading {
  accepted: boolean;
  /** The setting's value as read (null when absent). */
  value: unknown;
  /** For App Service: which publishing methods still allow basic credentials. */
  methods?: string[];
}

const isTrue = (v: unknown) => v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
const isFalse = (v: unknown) => v === false || (typeof v === 'string' && v.toLowerCase() === 'false');

function readProperty(
  rule: Extract<LocalAuthRule, { path: string }>,
  props: Record<string, unknown>,
): Reading {
  const value = props[rule.path] ?? null;
  switch (rule.kind) {
    case 'flagNotTrue':
      return { accepted: !isTrue(value), value };
    case 'flagNotFalse':
      return { accepted: !isFalse(value), value };
    case 'flagTrue':
      return { accepted: isTrue(value), value };
    case 'textNot':
      return {
        accepted: typeof value !== 'string' || value.toLowerCase() !== rule.value.toLowerCase(),
        value,
      };
    case 'listHasOrAbsent':
      return {
        accepted:
          !Array.isArray(value) || value.some((m) => String(m).toLowerCase() === rule.value.toLowerCase()),
        value,
      };
  }
}

function readChildren(rule: LocalAuthRule, settings: ChildSettings): Reading {
  if (rule.kind === 'publishingCredentials') {
    const byName = new Map(settings.children.map((c) => [c.name.toLowerCase(), c.properties]));
    const methods = rule.names.filter((n) => !isFalse(byName.get(n)?.['allow']));
    return {
      accepted: methods.length > 0,
      value: Object.fromEntries(rule.names.map((n) => [n, byName.get(n)?.['allow'] ?? null])),
      methods,
    };
  }
  if (rule.kind === 'serverParameter') {
    const value = settings.children[0]?.properties['value'] ?? null;
    return {
      accepted: typeof value !== 'string' || value.toLowerCase() !== rule.value.toLowerCase(),
      value,
    };
  }
  return { accepted: false, value: null };
}

function fill(template: string, row: ResourceRow, policy?: string): string {
  const rg = row.resourceGroup ?? /\/resourcegroups\/([^/]+)/i.exec(row.id)?.[1] ?? '<resource-group>';
  const id = policy ? `${row.id}/basicPublishingCredentialsPolicies/${policy}` : row.id;
  return template
    .replaceAll('{id}/basicPublishingCredentialsPolicies/{policy}', shellQuote(id))
    .replaceAll('{id}', shellQuote(row.id))
    .replaceAll('{rg}', shellQuote(rg))
    .replaceAll('{name}', shellQuote(row.name));
}

function describe(service: LocalAuthService, row: ResourceRow, reading: Reading): string {
  if (reading.methods) {
    return `${service.service} '${row.name}' still allows basic publishing credentials (user name and password) for ${reading.methods.join(' and ')}.`;
  }
  const setting = 'path' in service.rule ? service.rule.path : service.rule.childPath;
  const shown = reading.value === null ? 'absent (Azure\u2019s default)' : JSON.stringify(reading.value);
  return `${service.service} '${row.name}' still accepts keys or local accounts: ${setting} is ${shown}.`;
}

/**
 * Every resource of a service in the table whose setting still lets secrets in. Resources whose
 * ARM child settings could not be read are errors, never passes.
 */
export function evaluate(snapshot: AuditSnapshot): CheckResult {
  const findings: CheckFinding[] = [];
  const errors = [
    ...describeSourceErrors(snapshot.localAuth.errors),
    ...describeSourceErrors(snapshot.childSettings.errors),
  ];
  const children = new Map(
    snapshot.childSettings.items.map((c) => [`${c.resourceId.toLowerCase()}|${c.childPath}`, c]),
  );
  const failedChildren = new Set(snapshot.childSettings.errors.map((e) => e.scope.toLowerCase()));
  const managedGroups = new Set(snapshot.identityInventory.managedResourceGroups.map((g) => g.id));
  let evaluated = 0;
  let inManagedGroups = 0;
  for (const row of snapshot.localAuth.items) {
    const service = localAuthServiceOf(row.type);
    if (!service) continue;
    // A resource another resource manages (a Databricks workspace's storage account, an AKS node
    // group's, a managed application's) is the service's to configure, not the customer's:
    // Microsoft's own policies leave them out ("Storage accounts should prevent shared key access
    // (excluding storage accounts created by Databricks)", fd9903f1: resourcegroup().managedBy
    // notContains /providers/Microsoft.Databricks/).
    const group = resourceGroupOf(row.id);
    if (group && managedGroups.has(group)) {
      inManagedGroups++;
      continue;
    }
    const props = (row.properties ?? {}) as Record<string, unknown>;
    if (service.type === 'microsoft.documentdb/databaseaccounts') {
      const capabilities = Array.isArray(props['capabilities']) ? (props['capabilities'] as unknown[]) : [];
      const excluded = capabilities.some((c) =>
        COSMOS_EXCLUDED_CAPABILITIES.has(
          (typeof (c as { name?: unknown } | null)?.name === 'string'
            ? String((c as { name: string }).name)
            : ''
          ).toLowerCase(),
        ),
      );
      if (excluded) continue;
    }
    let reading: Reading;
    if ('path' in service.rule) {
      reading = readProperty(service.rule, props);
    } else {
      const key = `${row.id.toLowerCase()}|${service.rule.childPath}`;
      const settings = children.get(key);
      if (!settings) {
        if (!failedChildren.has(`${row.id.toLowerCase()}/${service.rule.childPath.toLowerCase()}`)) {
          errors.push(`${service.rule.childPath} of ${row.id} was not read`);
        }
        continue;
      }
      // Deleted since Resource Graph listed it: nothing accepts secrets any more.
      if (settings.parentGone) continue;
      reading = readChildren(service.rule, settings);
    }
    evaluated++;
    if (!reading.accepted) continue;
    const cli = reading.methods
      ? reading.methods.map((m) => fill(service.cli, row, m)).join(' && ')
      : fill(service.cli, row);
    findings.push({
      checkId: metadata.id,
      severity: service.severity,
      title: metadata.title,
      message: describe(service, row, reading),
      resourceId: row.id,
      subscriptionId: row.subscriptionId.toLowerCase(),
      evidence: {
        service: service.service,
        resourceType: service.type,
        setting: 'path' in service.rule ? `properties.${service.rule.path}` : service.rule.childPath,
        value: reading.value,
        meaning: service.meaning,
        ...(reading.methods ? { basicPublishingCredentialsAllowed: reading.methods } : {}),
        azurePolicy: { id: service.policy.id, name: service.policy.name },
      },
      remediation: {
        text: `Move every caller to a managed identity with a data role, then turn local authentication off (Azure Policy: ${service.policy.name}).`,
        cli,
      },
    });
  }
  return {
    findings,
    evaluated,
    errors,
    ...(inManagedGroups ? { notEvaluated: [{ reason: IN_MANAGED_GROUP, count: inManagedGroups }] } : {}),
  };
}

/** Why a resource is left out: another resource manages its group. */
export const IN_MANAGED_GROUP =
  'resources in a resource group another resource manages (managedBy: Databricks, AKS node groups, managed applications), which the customer cannot reconfigure';
