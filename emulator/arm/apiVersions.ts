import { armError } from '../errors/armErrors.js';
import type { EmulatorRequest, EmulatorResponse } from '../http.js';

/**
 * The api-versions each emulated ARM resource provider offers, and how the answer's shape depends
 * on them. ARM refuses a version the provider does not offer with 400 InvalidApiVersionParameter
 * "The api-version '{v}' is invalid. The supported versions are '{list}'." (message as the service
 * sends it: Azure/azure-sdk-for-net#2276, ansible-collections/azure#188; corpus
 * test/conformance/corpus/arm/invalid-api-version.jsonc).
 *
 * Each list holds the api-versions whose REST specification in Azure/azure-rest-api-specs defines
 * the operation (checked 2026-11-24 against the folders cited per entry; `source` names them). ARM
 * checks a version against the resource type's registration, which Microsoft does not publish as
 * such; the spec folders are the closest public record. A type with no entry accepts any version:
 * the emulator does not guess what Microsoft has not published to it.
 */
export const API_VERSIONS: { pattern: RegExp; versions: string[]; source: string }[] = [
  {
    pattern: /\/providers\/microsoft\.insights\/diagnosticsettings(\/[^/]+)?$/i,
    versions: ['2015-07-01', '2016-09-01', '2017-05-01-preview', '2021-05-01-preview'],
    // diagnosticsSettings_API.json (list, get of {name}): preview/2017-05-01-preview and
    // preview/2021-05-01-preview; stable/2015-07-01 and stable/2016-09-01 define the same type's
    // `diagnosticSettings/service` setting (serviceDiagnosticsSettings_API.json), so ARM knows the
    // type at those versions too.
    source:
      'specification/monitor/resource-manager/Microsoft.Insights/{preview/2017-05-01-preview,preview/2021-05-01-preview}/diagnosticsSettings_API.json; {stable/2015-07-01,stable/2016-09-01}/serviceDiagnosticsSettings_API.json',
  },
  {
    pattern: /\/providers\/microsoft\.authorization\/roleassignments(\/[^/]+)?$/i,
    versions: [
      '2015-07-01',
      '2017-10-01-preview',
      '2018-01-01-preview',
      '2018-09-01-preview',
      '2020-03-01-preview',
      '2020-04-01-preview',
      '2020-08-01-preview',
      '2020-10-01-preview',
      '2022-01-01-preview',
      '2022-04-01',
      '2022-05-01-preview',
    ],
    // 2017-10-01-preview and 2022-05-01-preview were missing before the check against the specs.
    source:
      'specification/authorization/resource-manager/Microsoft.Authorization/{stable/2015-07-01,preview/2017-10-01-preview,preview/2018-01-01-preview,preview/2018-09-01-preview,preview/2020-03-01-preview,preview/2020-04-01-preview,preview/2020-08-01-preview,preview/2020-10-01-preview,preview/2022-01-01-preview,stable/2022-04-01,preview/2022-05-01-preview}/authorization-RoleAssignmentsCalls.json (resource-manager/readme.md tags)',
  },
  {
    pattern: /\/providers\/microsoft\.authorization\/roledefinitions(\/[^/]+)?$/i,
    versions: ['2015-07-01', '2018-01-01-preview', '2022-04-01', '2022-05-01-preview'],
    source:
      'specification/authorization/resource-manager/Microsoft.Authorization/{stable/2015-07-01,preview/2018-01-01-preview,stable/2022-04-01,preview/2022-05-01-preview}/authorization-RoleDefinitionsCalls.json',
  },
  {
    pattern: /\/providers\/microsoft\.authorization\/roleeligibilityschedule(s|instances)(\/[^/]+)?$/i,
    versions: [
      '2020-10-01-preview',
      '2020-10-01',
      '2022-01-01-preview',
      '2024-02-01-preview',
      '2024-09-01-preview',
    ],
    // 2022-04-01-preview removed (no RoleEligibilitySchedule.json there), 2022-01-01-preview added.
    source:
      'specification/authorization/resource-manager/Microsoft.Authorization/{preview/2020-10-01-preview,stable/2020-10-01,preview/2022-01-01-preview,preview/2024-02-01-preview,preview/2024-09-01-preview}/RoleEligibilitySchedule.json and RoleEligibilityScheduleInstance.json',
  },
  {
    pattern:
      /\/providers\/microsoft\.managedidentity\/userassignedidentities\/[^/]+\/federatedidentitycredentials(\/[^/]+)?$/i,
    versions: ['2022-01-31-preview', '2023-01-31', '2023-07-31-preview', '2024-11-30', '2025-01-31-preview'],
    // Federated identity credentials first appear in 2022-01-31-preview (earlier versions have none).
    source:
      'specification/msi/resource-manager/Microsoft.ManagedIdentity/{preview/2022-01-31-preview,stable/2023-01-31,preview/2023-07-31-preview,stable/2024-11-30,preview/2025-01-31-preview}/ManagedIdentity.json',
  },
  {
    // POST /providers/Microsoft.ResourceGraph/resources: resourcegraph.json defines it at
    // preview/2018-09-01-preview, stable/2019-04-01, preview/2020-04-01-preview, stable/2021-03-01,
    // preview/2021-06-01-preview, stable/2022-10-01 and stable/2024-04-01. preview/2020-09-01-preview
    // defines only resourceChanges and resourceChangeDetails, so it is not offered here.
    // @azure/arm-resourcegraph 5.0.0 sends 2024-04-01.
    pattern: /^\/providers\/microsoft\.resourcegraph\/resources$/i,
    versions: [
      '2018-09-01-preview',
      '2019-04-01',
      '2020-04-01-preview',
      '2021-03-01',
      '2021-06-01-preview',
      '2022-10-01',
      '2024-04-01',
    ],
    source:
      'specification/resourcegraph/resource-manager/Microsoft.ResourceGraph/{preview/2018-09-01-preview,stable/2019-04-01,preview/2020-04-01-preview,stable/2021-03-01,preview/2021-06-01-preview,stable/2022-10-01,stable/2024-04-01}/resourcegraph.json',
  },
];

/** The versions offered for an ARM path, or undefined when the emulator does not know them. */
export function offeredVersions(path: string): string[] | undefined {
  return API_VERSIONS.find((v) => v.pattern.test(path))?.versions;
}

/**
 * ARM's api-version gate, before any resource provider sees the request: missing → 400
 * MissingApiVersionParameter; a version the provider does not offer → 400 InvalidApiVersionParameter
 * listing the offered ones newest first, as ARM's message does (corpus arm/invalid-api-version).
 */
export function apiVersionRefusal(
  req: Pick<EmulatorRequest, 'path' | 'query'>,
): EmulatorResponse | undefined {
  const version = req.query.get('api-version');
  if (!version) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  const offered = offeredVersions(req.path);
  if (offered && !offered.includes(version)) {
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${version}' is invalid. The supported versions are '${[...offered].reverse().join(',')}'.`,
    );
  }
  return undefined;
}

/** Whether a diagnostic-settings answer may carry category groups and partner destinations. */
export function diagnosticSettingsHaveCategoryGroups(apiVersion: string): boolean {
  // categoryGroup and marketplacePartnerId first appear in 2021-05-01-preview
  // (specification/monitor/.../preview/2021-05-01-preview/diagnosticsSettings_API.json); the
  // older contract has neither (Azure/azure-powershell#17851).
  return apiVersion >= '2021-05-01-preview';
}
