/**
 * Something in a builder's input that cannot be published. `path` is a JSON Pointer into the
 * case (`/affected/1/purl`); publisher fields are under `/publisher`, and the feed and
 * provider-metadata inputs are pointed into the same way.
 */
export interface PublicationError {
  readonly path: string;
  readonly message: string;
}

/** A builder's outcome: the document, or every reason it cannot be built. */
export type PublicationResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly PublicationError[] };

/** The value when there are no errors, else the errors. */
export function resultOf<T>(errors: readonly PublicationError[], build: () => T): PublicationResult<T> {
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: build() };
}
