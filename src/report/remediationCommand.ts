/**
 * A check's remediation command is a template (`az role assignment delete --ids <roleAssignmentId>`);
 * a finding knows the real ids. This fills them in so that the command runs as copied. Values come
 * from Azure (names are attacker-controlled), so each is quoted for POSIX shells unless it is made
 * only of characters no shell treats specially. Placeholders for content only the user can supply
 * (`<role.json>`, `<keyId>`) are left as they are.
 */
export type CommandValues = Partial<Record<string, string>>;

import { shellQuote } from '../util/shellQuote.js';

export { shellQuote };

/** Replaces `<name>` (and `"<name>"`) for every name with a value; other placeholders stay. */
export function fillCommand(template: string, values: CommandValues): string {
  return template.replace(
    /"<([A-Za-z][\w.]*)>"|<([A-Za-z][\w.]*)>/g,
    (whole, quoted?: string, bare?: string) => {
      const value = values[(quoted ?? bare)!];
      return value === undefined || value === '' ? whole : shellQuote(value);
    },
  );
}
