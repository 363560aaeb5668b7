/**
 * The api-versions each emulated ARM resource provider offers, and how the answer's shape depends
 * on them. ARM refuses a version the provider does not offer with 400 InvalidApiVersionParameter
 * "The api-version '{v}' is invalid. The supported versions are '{list}'." (message as the service
 * sends it: Azure/azure-sdk-for-net#2276, ansible-collections/azure#188; corpus
 * test/conformance/corpus/arm/invalid-api-version.jsonc).
 *
 * Each list holds the versions of the provider's REST specification in Azure/azure-rest-api-specs
 * (specification/<provider>/resource-manager/...) that define the operation, as far as this list
 * was checked; where unsure it errs on accepting. A type with no entry accepts any version:
 * the emulator does not guess what Microsoft has not published to it.
 */
export const API_VERSIONS: { pattern: RegExp; versions: string[]; source: string }[] = [
  {
    pattern: /\/providers\/microsoft\.insights\/diagnosticsettings(\/[^/]+)?$/i,
    versions: ['2015-07-01', '2016-09-01', '2017-05-01-preview', '2021-05-01-preview'],
    source:
      'specification/monitor/resource-manager/Microsoft.Insights (diagnosticsSettings_API.json per version)',
  },
  {
    pattern: /\/providers\/microsoft\.authorization\/roleassignments(\/[^/]+)?$/i,
    versions: [
      '2015-07-01',
      '2018-01-01-preview',
      '2018-09-01-preview',
      '2020-03-01-preview',
      '2020-04-01-preview',
      '2020-08-01-preview',
      '2020-10-01-preview',
      '2022-01-01-preview',
      '2022-04-01',
    ],
    source:
      'specification/authorization/resource-manager/Microsoft.Authorization (authorization-RoleAssignmentsCalls.json)',
  },
  {
    pattern: /\/providers\/microsoft\.authorization\/roledefinitions(\/[^/]+)?$/i,
    versions: ['2015-07-01', '2018-01-01-preview', '2022-04-01', '2022-05-01-preview'],
    source:
      'specification/authorization/resource-manager/Microsoft.Authorization (authorization-RoleDefinitionsCalls.json)',
  },
  {
    pattern: /\/providers\/microsoft\.authorization\/roleeligibilityschedule(s|instances)(\/[^/]+)?$/i,
    versions: [
      '2020-10-01-preview',
      '2020-10-01',
      '2022-04-01-preview',
      '2024-02-01-preview',
      '2024-09-01-preview',
    ],
    source:
      'specification/authorization/resource-manager/Microsoft.Authorization (RoleEligibilitySchedule.json)',
  },
  {
    pattern:
      /\/providers\/microsoft\.managedidentity\/userassignedidentities\/[^/]+\/federatedidentitycredentials(\/[^/]+)?$/i,
    versions: ['2022-01-31-preview', '2023-01-31', '2023-07-31-preview', '2024-11-30', '2025-01-31-preview'],
    source: 'specification/msi/resource-manager/Microsoft.ManagedIdentity (ManagedIdentity.json per version)',
  },
];

/** The versions offered for an ARM path, or undefined when the emulator does not know them. */
export function offeredVersions(path: string): string[] | undefined {
  return API_VERSIONS.find((v) => v.pattern.test(path))?.versions;
}

/** Whether a diagnostic-settings answer may carry category groups and partner destinations. */
export function diagnosticSettingsHaveCategoryGroups(apiVersion: string): boolean {
  // categoryGroup and marketplacePartnerId first appear in 2021-05-01-preview
  // (specification/monitor/.../preview/2021-05-01-preview/diagnosticsSettings_API.json); the
  // older contract has neither (Azure/azure-powershell#17851).
  return apiVersion >= '2021-05-01-preview';
}
