import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ecosystemDefinitions } from './ecosystems.js';
import { versionSchemes } from './registry.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const folders = readdirSync(here).filter((f) => statSync(join(here, f)).isDirectory());

describe('version scheme registry (contract)', () => {
  it('registers every scheme folder, under its folder name', () => {
    assert.deepEqual([...versionSchemes.keys()].sort(), folders.sort());
  });

  for (const [id, scheme] of versionSchemes) {
    it(`${id} implements the whole interface`, () => {
      assert.equal(scheme.id, id);
      assert.ok(scheme.displayName.length > 0);
      assert.ok(scheme.urls.length > 0 && scheme.urls.every((u) => /^https:\/\//.test(u)));
      assert.equal(typeof scheme.parse, 'function');
      assert.equal(typeof scheme.compare, 'function');
      const bad = scheme.parse('');
      assert.equal(bad.ok, false, 'an empty string is no version');
    });
  }

  it('maps every ecosystem to a registered scheme', () => {
    for (const d of ecosystemDefinitions.values()) assert.ok(versionSchemes.has(d.schemeId), `${d.base} → ${d.schemeId}`);
  });

  it('knows every ecosystem of the shared OSV corpus', () => {
    for (const e of ['npm', 'PyPI', 'Go', 'crates.io', 'Maven', 'NuGet', 'RubyGems', 'Packagist', 'Hex', 'Pub', 'Debian', 'Ubuntu', 'Alpine', 'Red Hat', 'Rocky Linux', 'AlmaLinux', 'SUSE', 'openSUSE', 'GitHub Actions', 'Bitnami', 'CleanStart', 'Julia', 'Hackage', 'GHC', 'opam', 'CRAN']) {
      assert.ok(ecosystemDefinitions.has(e), e);
    }
  });
});
