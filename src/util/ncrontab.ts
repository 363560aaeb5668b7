import { CronExpressionParser } from 'cron-parser';

/**
 * Checks an Azure Functions timer schedule: an NCRONTAB expression with exactly six fields
 * (second minute hour day month day-of-week). cron-parser also accepts five-field expressions,
 * which the Functions host rejects, hence the field count. Returns an error message, or undefined
 * when the expression is valid.
 */
export function ncrontabError(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6) {
    return `expected an NCRONTAB expression with 6 fields (second minute hour day month day-of-week), got ${fields.length}`;
  }
  try {
    CronExpressionParser.parse(expression, { tz: 'UTC' });
    return undefined;
  } catch (e) {
    return `not a valid NCRONTAB expression: ${(e as Error).message}`;
  }
}
