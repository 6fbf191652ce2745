import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertComparisons, assertParsing, compareCases, orderLaws, scanCorpus, schemeMetadata } from '../../../testing/version-scheme-checks.js';
import { scheme } from './index.js';

schemeMetadata(scheme, 'opam');

test("sorts the opam manual's example list in order", () => {
  const sorted = ['~~', '~', '~beta2', '~beta10', '0.1', '1.0~beta', '1.0', '1.0-test', '1.0.1', '1.0.10', 'dev', 'trunk'];
  assertComparisons(scheme, sorted.flatMap((a, i) => sorted.slice(i + 1).map((b) => ({ a, op: '<' as const, b }))));
});

describe('orders like Debian without epochs, splitting at the last hyphen', () => {
  compareCases(scheme, [
    ['1.0', '=', '1.00'],
    ['1.0', '=', '1.0-0'],
    ['v0.15.0', '<', 'v0.16.0'],
    ['v0.9.0', '<', 'v0.10.0'],
    ['4.14.1+flambda', '>', '4.14.1'],
    ['4.14.1~rc1', '<', '4.14.1'],
    ['1.0a', '<', '1.0.1'],
    // The text after the last hyphen is compared last, so 1-9 < 1+ although "-" > "+".
    ['1-9', '<', '1+'],
    ['12345678901234567890', '<', '12345678901234567891'],
  ]);
});

test('refuses characters opam does not allow', () => {
  assertParsing(scheme, {
    refuses: ['', '1.0 ', '1.0/2', '1:0', '1,0', '1.0\n'],
    parses: ['dev', '~', '-', 'v0.16.0', '1.0_beta', '5.1.0+trunk'],
  });
});

test('parses every opam version in the OCaml OSV records', async () => {
  const { checked, failures } = await scanCorpus(scheme, ['opam.jsonl.gz']);
  assert.ok(checked > 900, `only ${checked} versions read`);
  assert.deepEqual(failures, []);
});

const part = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map(String),
  fc.constantFrom('~beta', '~rc', '+flambda', '+trunk', 'a', 'dev', '-1', '-test', '_x', '~', '00'),
);

/** opam versions: v?, numbers and the decorations seen in opam-repository. */
const opamVersion = fc
  .tuple(fc.constantFrom('', 'v'), fc.array(part, { minLength: 1, maxLength: 4 }))
  .map(([v, parts]) => v + parts.join('.'));

describe('compare is a total order on generated versions', () => {
  orderLaws(scheme, opamVersion, 20_000);
});
