/** Errors with their repeats dropped (a validator reports one fault once per schema branch it tried), first of each kept. */
export function uniqueErrors<T extends { readonly path: string; readonly message: string }>(errors: readonly T[]): T[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
