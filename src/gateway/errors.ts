/** Typed gateway errors with stable codes (documented in docs/errors.md). */
export type ErrorCode =
  | 'BAOMI_ERR_BODY_TOO_LARGE'
  | 'BAOMI_ERR_BODY_ABORTED'
  | 'BAOMI_ERR_UPSTREAM_UNREACHABLE'
  | 'BAOMI_ERR_UPSTREAM_TIMEOUT'
  | 'BAOMI_ERR_INTERNAL';

export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
