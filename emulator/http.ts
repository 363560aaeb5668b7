import type { JWTPayload } from 'jose';

import type { FaultApi, FaultEffect } from './faults.js';

/** A request as routes see it: the path with repeated slashes collapsed, as ARM tolerates. */
export interface EmulatorRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
  /** The absolute base URL of the server that received it (for nextLink). */
  baseUrl: string;
}

export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A route: which API it belongs to (for faults and counters) and which token audience it needs. */
export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** Further condition on a matching request; a route whose condition fails lets later routes try. */
  when?: (req: EmulatorRequest) => boolean;
  api: FaultApi;
  /** Token audience required; undefined for the identity endpoint itself. */
  audience?: string;
  /** Scope or workspace a fault entry may target, from the request. */
  target?: (req: EmulatorRequest, match: RegExpExecArray) => { scope?: string; workspace?: string };
  handle: (
    req: EmulatorRequest,
    match: RegExpExecArray,
    caller: JWTPayload | undefined,
    fault: FaultEffect,
  ) => Promise<EmulatorResponse> | EmulatorResponse;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, body, headers };
}
