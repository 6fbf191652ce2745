import type { ReactNode } from 'react';
import type { Problem } from '../api.js';

/** The props that tie a form control to its label, hint and error message. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A labelled form control with an optional hint and the server's messages about it,
 * shown beside it and announced with it.
 */
export function Field({ id, label, hint, errors = [], children }: { id: string; label: ReactNode; hint?: ReactNode; errors?: readonly string[]; children: (control: ControlProps) => ReactNode }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-invalid': errorId ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {errorId && (
        <p className="field-error" id={errorId}>
          {errors.join('; ')}
        </p>
      )}
    </div>
  );
}

/**
 * A problem's messages by form control: `controls` maps a field pointer the API names
 * ("/name") to the control showing it. Messages about no control stay in `other`.
 */
export function errorsByControl(problem: Problem | undefined, controls: Record<string, string>): { byControl: Record<string, string[]>; other: { field: string; message: string }[] } {
  const byControl: Record<string, string[]> = {};
  const other: { field: string; message: string }[] = [];
  for (const error of problem?.errors ?? []) {
    const control = controls[error.field];
    if (control === undefined) other.push(error);
    else (byControl[control] ??= []).push(error.message);
  }
  return { byControl, other };
}
