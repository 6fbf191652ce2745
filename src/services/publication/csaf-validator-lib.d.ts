// @secvisogram/csaf-validator-lib ships no types; these cover the modules publication uses beyond those in ../vex/csaf-validator-lib.d.ts.

// The CWE catalog that mandatory test 6.1.11 checks names against.
declare module '@secvisogram/csaf-validator-lib/cwe.js' {
  export const weaknesses: readonly { readonly id: string; readonly name: string }[];
}

// The optional tests (section 6.2), each a named export.
declare module '@secvisogram/csaf-validator-lib/optionalTests.js' {
  import type { CsafDocumentTest } from '@secvisogram/csaf-validator-lib/validateStrict.js';
  const tests: Readonly<Record<string, CsafDocumentTest>>;
  export = tests;
}
