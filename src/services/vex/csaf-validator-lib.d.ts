// @secvisogram/csaf-validator-lib is ESM without type declarations; these cover the two modules the CSAF VEX reader uses.

declare module '@secvisogram/csaf-validator-lib/validateStrict.js' {
  export interface CsafMessage {
    message: string;
    instancePath: string;
  }
  export interface CsafTestResult {
    isValid?: boolean;
    errors?: CsafMessage[];
    warnings?: CsafMessage[];
    infos?: CsafMessage[];
  }
  /** A test function of the library; its `name` is the test's id, e.g. `mandatoryTest_6_1_27_9`. */
  export type CsafDocumentTest = (document: unknown) => CsafTestResult | Promise<CsafTestResult>;
  export interface CsafValidation {
    isValid: boolean;
    tests: { name: string; isValid: boolean; errors: CsafMessage[]; warnings: CsafMessage[]; infos: CsafMessage[] }[];
  }
  /** Runs the tests, refusing any function that is not one of the library's own. */
  export default function validateStrict(tests: CsafDocumentTest[], document: unknown): Promise<CsafValidation>;
}

// The library's "basic" preset: the strict CSAF 2.0 schema test and every mandatory test (6.1.8 is inside the schema test).
declare module '@secvisogram/csaf-validator-lib/basic.js' {
  import type { CsafDocumentTest } from '@secvisogram/csaf-validator-lib/validateStrict.js';
  const tests: Readonly<Record<string, CsafDocumentTest>>;
  export = tests;
}
