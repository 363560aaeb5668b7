/** Why a query failed, in terms both Azure APIs can map to their own error bodies. */
export type KqlErrorKind = 'syntax' | 'semantic' | 'unsupported' | 'runtime';

export class KqlError extends Error {
  constructor(
    readonly kind: KqlErrorKind,
    message: string,
    /** Offset in the query text, where known. */
    readonly position?: number,
  ) {
    super(message);
    this.name = 'KqlError';
  }
}

export function unsupported(what: string, position?: number): KqlError {
  return new KqlError('unsupported', `${what} is not supported by the emulator`, position);
}
