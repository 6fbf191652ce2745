/** Input refused: the field at fault (as the caller named it) and what is wrong with it. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}
