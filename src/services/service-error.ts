/** Why a use case refused: each kind has one HTTP status and one CLI exit code. */
export type ServiceErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_large';

/** One thing wrong with the input, at a JSON pointer (or a path or line the input's format uses). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * A refusal a person can act on, naming the field at fault (a JSON pointer) where there is
 * one; `errors` lists every fault when a document had several.
 */
export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
    readonly field?: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
  }
}

/** Throws an `invalid` refusal naming the field unless `value` is one of `allowed`. */
export function requireOneOf<T extends string>(value: string, allowed: readonly T[], field: string): asserts value is T {
  if (!(allowed as readonly string[]).includes(value)) throw new ServiceError('invalid', `"${value}" is not one of ${allowed.join(', ')}`, field);
}
