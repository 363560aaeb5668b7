import { json, type EmulatorResponse } from '../http.js';

/**
 * The managed-identity token endpoint's error body: OAuth 2.0's (RFC 6749 §5.2),
 *
 * `{ "error": "<id>", "error_description": "<text>" }`
 *
 * Source: MicrosoftDocs/azure-docs `articles/active-directory/managed-identities-azure-resources/how-to-use-vm-token.md`,
 * "Error handling" (e.g. 400 `invalid_resource` "AADSTS50001: The application named <URI> was
 * not found in the tenant named <TENANT-ID>…", 400 `bad_request_102` "Required metadata header not
 * specified"); https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/how-to-use-vm-token#error-handling.
 * App Service's endpoint (IDENTITY_ENDPOINT) answers in the same shape; its REST reference
 * (MicrosoftDocs/azure-docs `articles/app-service/overview-managed-identity.md`, "REST endpoint
 * reference") documents no error body, so the emulator uses IMDS's.
 */
export function tokenError(status: number, error: string, description: string): EmulatorResponse {
  return json(status, { error, error_description: description });
}

/** 400 for a resource (audience) the directory does not know (how-to-use-vm-token, "Error handling"). */
export function tokenUnknownResource(resource: string, tenantId: string): EmulatorResponse {
  return tokenError(
    400,
    'invalid_resource',
    `AADSTS500011: The resource principal named ${resource} was not found in the tenant ${tenantId}.`,
  );
}

/** 400 for a request naming an identity the resource does not have, or none where one must be named. */
export function tokenInvalidRequest(description: string): EmulatorResponse {
  return tokenError(400, 'invalid_request', description);
}

/**
 * 400 when IMDS's `Metadata: true` header is missing. The documented error id is `bad_request_102`
 * with this description (how-to-use-vm-token, "Error handling").
 */
export function tokenMetadataHeaderMissing(): EmulatorResponse {
  return tokenError(400, 'bad_request_102', 'Required metadata header not specified');
}

/**
 * 401 from App Service's endpoint when `X-IDENTITY-HEADER` is missing or wrong. Microsoft
 * documents neither the status nor a body for this case; the emulator refuses with 401 and a
 * one-line reason, and no token.
 */
export function tokenIdentityHeaderRefused(): EmulatorResponse {
  return json(401, {
    statusCode: 401,
    message: 'Unauthorized: the X-IDENTITY-HEADER header is missing or wrong.',
  });
}

/** A fault the fixture injects (`service_unavailable` unless the fault names an error id). */
export function tokenFault(status: number, code: string | undefined, message: string): EmulatorResponse {
  return tokenError(status, code ?? 'service_unavailable', message);
}
