const SAFE = /^[A-Za-z0-9/._:@=,+-]+$/;

/**
 * Quotes a value for sh/bash/zsh: single quotes, with embedded single quotes closed and escaped;
 * values made only of characters no shell treats specially stay as they are. Names in Azure are
 * chosen by whoever created the resource, so every value put into a command is quoted.
 */
export function shellQuote(value: string): string {
  return SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
