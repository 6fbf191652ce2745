import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareNumericDotted } from './numeric-dotted-compare.js';

describe('compareNumericDotted', () => {
  const cases: [string, string, number | undefined][] = [
    ['1.2.10', '1.2.9', 1],
    ['1.2.9', '1.2.10', -1],
    ['1.0', '1', 0],
    ['v2.0.0', '2', 0],
    ['0.9', '1.0', -1],
    ['007', '7', 0],
    ['123456789012345678901234567890', '123456789012345678901234567891', -1],
    ['1.0-rc1', '1.0', undefined],
    ['abc', '1', undefined],
    ['1.x', '1.2', undefined],
    ['', '1', undefined],
  ];
  for (const [a, b, expected] of cases) {
    it(`${a} vs ${b} → ${String(expected)}`, () => {
      assert.equal(compareNumericDotted(a, b), expected);
    });
  }
});
