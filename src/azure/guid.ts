/**
 * A GUID as Azure and Entra ID write them (subscription, tenant, object and role ids): 8-4-4-4-12 hex
 * digits, either case. The one copy of this pattern for settings, CLI options, HTTP bodies and the
 * emulator's fixture format.
 */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID (see {@link GUID_PATTERN}). */
export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}
