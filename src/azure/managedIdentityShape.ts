/** What a resource's `identity` property grants, whatever shape Azure returned it in. */
export interface ManagedIdentityShape {
  systemAssigned: boolean;
  /** Attached user-assigned identity resource ids, as given. */
  userAssigned: string[];
  /** The `type` text as returned, for evidence. */
  rawType: string | null;
}

/**
 * Reads the ARM `identity` envelope without trusting its mere presence: Prowler's known false
 * negative came from an identity object that was always truthy. Handles missing, null, `{}`,
 * `{type: "None"}`, `{type: null}`, "SystemAssigned", "UserAssigned", the combined value spelt with
 * or without a space, and any casing. A user-assigned type with no identities attached grants none.
 */
export function managedIdentityShape(identity: unknown): ManagedIdentityShape {
  if (!identity || typeof identity !== 'object')
    return { systemAssigned: false, userAssigned: [], rawType: null };
  const record = identity as Record<string, unknown>;
  const typeValue = Object.entries(record).find(([k]) => k.toLowerCase() === 'type')?.[1];
  const rawType = typeof typeValue === 'string' ? typeValue : null;
  const parts = (rawType ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const uaiValue = Object.entries(record).find(([k]) => k.toLowerCase() === 'userassignedidentities')?.[1];
  const userAssigned =
    parts.includes('userassigned') && uaiValue && typeof uaiValue === 'object' ? Object.keys(uaiValue) : [];
  return { systemAssigned: parts.includes('systemassigned'), userAssigned, rawType };
}

/** True when the resource can obtain tokens as a managed identity. */
export function hasManagedIdentity(identity: unknown): boolean {
  const shape = managedIdentityShape(identity);
  return shape.systemAssigned || shape.userAssigned.length > 0;
}
