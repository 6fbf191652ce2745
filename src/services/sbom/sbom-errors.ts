import type { ReadSbomResult, SbomError } from './types.js';

/** A broken document can yield thousands of schema errors; past this many the rest are counted, not listed. */
const ERROR_LIMIT = 100;

/** The failed result for these errors, at most {@link ERROR_LIMIT} of them listed. */
export function failure(errors: SbomError[]): ReadSbomResult {
  if (errors.length <= ERROR_LIMIT) return { ok: false, errors };
  const more = errors.length - ERROR_LIMIT;
  return { ok: false, errors: [...errors.slice(0, ERROR_LIMIT), { path: '/', message: `and ${more} more error${more === 1 ? '' : 's'}` }] };
}

/** One error for the whole document. */
export function documentFailure(message: string, path = '/'): ReadSbomResult {
  return { ok: false, errors: [{ path, message }] };
}

/**
 * Splits the validators' `<JSON Pointer> <message>` lines. The pointer holds no space: ajv's
 * instance paths run only through schema-defined keys, none of which has one, and array indexes.
 */
export function fromSchemaErrors(lines: readonly string[]): SbomError[] {
  return lines.map((line) => {
    const space = line.indexOf(' ');
    return space === -1 ? { path: '/', message: line } : { path: line.slice(0, space), message: line.slice(space + 1) };
  });
}

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
