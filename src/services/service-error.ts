/** Why a use case refused: each kind has one HTTP status and one CLI exit code. */
export type ServiceErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_large';

/** A refusal a person can act on, naming the field at fault (a JSON pointer) where there is one. */
export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
