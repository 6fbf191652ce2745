/** Something wrong with a report, at a JSON Pointer into it as uploaded (`''` is the whole document). */
export interface IntakeError {
  readonly path: string;
  readonly message: string;
}

/** A reader's outcome: its value, or every error it found. */
export type IntakeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly IntakeError[] };
