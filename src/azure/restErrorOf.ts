import { RestError } from '@azure/core-rest-pipeline';

/**
 * A failed `fetch` response as the `RestError` the Azure SDK clients throw, so that every HTTP failure
 * carries its status and Azure's own error code the same way. Microsoft Graph and ARM answer errors
 * as `{ "error": { "code", "message" } }` (Graph: https://learn.microsoft.com/graph/errors; ARM:
 * https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors);
 * other bodies are quoted, shortened.
 */
export async function restErrorOf(what: string, res: Response): Promise<RestError> {
  const text = await res.text().catch(() => '');
  let code: string | undefined;
  let detail = text.slice(0, 300);
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof body.error?.code === 'string') code = body.error.code;
    if (typeof body.error?.message === 'string') detail = body.error.message;
  } catch {
    // not JSON: keep the text
  }
  return new RestError(`${what} answered ${res.status}${code ? ` ${code}` : ''}: ${detail}`, {
    statusCode: res.status,
    ...(code ? { code } : {}),
  });
}
