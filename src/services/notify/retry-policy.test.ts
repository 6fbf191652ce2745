import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextAttemptDelay, shouldDeadLetter } from './retry-policy.js';

describe('retry policy', () => {
  const options = { baseMs: 1000, maxMs: 60_000 };

  it('doubles the ceiling per attempt up to the cap', () => {
    const half = { ...options, random: () => 0.5 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 50].map((attempt) => nextAttemptDelay(attempt, half)),
      [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000],
    );
  });

  it('draws the whole range from zero to just under the ceiling (full jitter)', () => {
    assert.equal(nextAttemptDelay(3, { ...options, random: () => 0 }), 0);
    assert.equal(nextAttemptDelay(3, { ...options, random: () => 0.999_999 }), 3999);
    assert.equal(nextAttemptDelay(30, { ...options, random: () => 0.999_999 }), 59_999);
  });

  it('stays finite for huge attempt counts', () => {
    assert.equal(nextAttemptDelay(5000, { ...options, random: () => 0.25 }), 15_000);
    assert.equal(nextAttemptDelay(5000, { baseMs: 0, maxMs: 10, random: () => 0.5 }), 0);
  });

  it('is the same for the same injected random sequence', () => {
    const sequence = (): (() => number) => {
      const values = [0.1, 0.7, 0.3, 0.9];
      let i = 0;
      return () => values[i++ % values.length]!;
    };
    const run = (random: () => number) => [1, 2, 3, 4].map((attempt) => nextAttemptDelay(attempt, { ...options, random }));
    assert.deepEqual(run(sequence()), run(sequence()));
    assert.deepEqual(run(sequence()), [100, 1400, 1200, 7200]);
  });

  it('refuses attempt numbers that are not counts', () => {
    for (const attempt of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => nextAttemptDelay(attempt, { ...options, random: () => 0.5 }), RangeError);
    }
    assert.throws(() => nextAttemptDelay(1, { baseMs: -1, maxMs: 10, random: () => 0.5 }), RangeError);
  });

  it('dead-letters once the attempts are used up', () => {
    assert.equal(shouldDeadLetter(1, 5), false);
    assert.equal(shouldDeadLetter(4, 5), false);
    assert.equal(shouldDeadLetter(5, 5), true);
    assert.equal(shouldDeadLetter(6, 5), true);
  });
});
