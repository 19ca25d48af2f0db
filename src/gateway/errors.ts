/** Typed gateway errors with stable codes (documented in docs/errors.md). */
/** Capture failures; upstream failures are UpstreamError (gateway/upstream.ts), config ones PolicyError/ConfigError. */
export type ErrorCode = 'BAOMI_ERR_BODY_TOO_LARGE' | 'BAOMI_ERR_BODY_ABORTED';

export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
