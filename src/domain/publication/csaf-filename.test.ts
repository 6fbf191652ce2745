import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { csafFilename } from './csaf-filename.js';

/** The OASIS filename test documents: each file's name against the name its tracking id gives. */
function corpus(kind: 'valid' | 'invalid'): { file: string; expected: string }[] {
  const folder = sharedDataPath('csaf', 'filenames', kind);
  return readdirSync(folder).map((file) => ({ file, expected: csafFilename(readJson<{ document: { tracking: { id: string } } }>(`${folder}/${file}`).document.tracking.id) }));
}

describe('csafFilename', () => {
  it('gives the name of each valid OASIS filename test document', () => {
    const valid = corpus('valid');
    assert.equal(valid.length, 3);
    for (const { file, expected } of valid) assert.equal(expected, file);
  });

  it('gives another name than each invalid one has', () => {
    const invalid = corpus('invalid');
    assert.equal(invalid.length, 3);
    for (const { file, expected } of invalid) assert.notEqual(expected, file);
  });

  it('lowercases, and replaces each run of other characters by one underscore', () => {
    assert.equal(csafFilename('CH-2026-0042'), 'ch-2026-0042.json');
    assert.equal(csafFilename('OASIS: #/CSAF_TC-CSAF_2.0-2021-5-1-13'), 'oasis_csaf_tc-csaf_2_0-2021-5-1-13.json');
    assert.equal(csafFilename('a+b c\u00e9d'), 'a+b_c_d.json');
  });
});
