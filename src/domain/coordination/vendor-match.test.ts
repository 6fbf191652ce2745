import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { PURL_TYPES, withoutVersion } from '../intake/report-purl.js';
import { buildPurl, formatPurl, parsePurl } from '../purl/purl.js';
import { parseRegistration, vendorsToOffer, type ProductRegistration, type RegistrationInput } from './vendor-match.js';

/** A successful parse case of the purl-spec suite: its input and the components it must give. */
interface SuitePurl {
  input: string;
  expected: { type: string; namespace: string | null; name: string };
}

function suitePurls(): SuitePurl[] {
  const files = [
    sharedDataPath('purl', 'tests', 'spec', 'specification-test.json'),
    ...readdirSync(sharedDataPath('purl', 'tests', 'types'))
      .filter((file) => file.endsWith('-test.json'))
      .map((file) => sharedDataPath('purl', 'tests', 'types', file)),
  ];
  return files.flatMap((file) =>
    readJson<{ tests: { test_type: string; input: unknown; expected_output: unknown; expected_failure?: boolean }[] }>(file)
      .tests.filter((t) => t.test_type === 'parse' && t.expected_failure !== true && typeof t.input === 'string')
      .map((t) => ({ input: t.input as string, expected: t.expected_output as SuitePurl['expected'] }))
      .filter((p) => PURL_TYPES.has(p.expected.type)),
  );
}

function register(input: RegistrationInput): ProductRegistration {
  const result = parseRegistration(input);
  assert.ok(result.ok, result.ok ? '' : `${result.error.field}: ${result.error.message}`);
  return result.registration;
}

/** The registration of a purl's package: the purl without its version, as a vendor would give it. */
function packageRegistration(vendorId: string, purl: string): ProductRegistration {
  const parsed = parsePurl(purl, { lenient: true });
  assert.ok(parsed.ok, purl);
  return register({ vendorId, purl: withoutVersion(parsed.purl).purl });
}

function offeredVendors(registrations: readonly ProductRegistration[], affected: readonly string[]): string[] {
  return vendorsToOffer(registrations, affected).offers.map((offer) => offer.vendorId);
}

describe('parseRegistration', () => {
  it('normalizes a purl through the purl module', () => {
    assert.deepEqual(parseRegistration({ vendorId: 'django', purl: 'pkg:PYPI/Django_package' }), {
      ok: true,
      registration: { kind: 'package', vendorId: 'django', purl: 'pkg:pypi/django-package' },
    });
    assert.deepEqual(parseRegistration({ vendorId: 'google', purl: 'pkg:npm/@angular/animation' }), {
      ok: true,
      registration: { kind: 'package', vendorId: 'google', purl: 'pkg:npm/%40angular/animation' },
    });
  });

  const refusals: readonly { input: RegistrationInput; field: string; message: string }[] = [
    {
      input: { vendorId: 'google', purl: 'pkg:npm/%40angular/animation@12.3.1' },
      field: 'purl',
      message: '"pkg:npm/%40angular/animation@12.3.1" names a release; a registration names the package, so leave out "@12.3.1"',
    },
    { input: { vendorId: ' ', purl: 'pkg:npm/foobar' }, field: 'vendorId', message: 'a registration needs the id of the vendor it belongs to' },
    { input: { vendorId: 'x', purl: 'npm/foobar' }, field: 'purl', message: 'invalid purl "npm/foobar": a purl must start with "pkg:"' },
    { input: { vendorId: 'x', purl: 'pkg:maven/commons-io' }, field: 'purl', message: 'invalid purl "pkg:maven/commons-io": maven purls require a namespace' },
    {
      input: { vendorId: 'x', purl: 'pkg:rpmmod/nodejs' },
      field: 'purl',
      message: 'invalid purl "pkg:rpmmod/nodejs": unknown purl type "rpmmod" (not a type registered in the purl specification)',
    },
    {
      input: { vendorId: 'x', type: 'rpmmod', namespace: 'redhat' },
      field: 'type',
      message: '"rpmmod" is not a purl type registered in the purl specification, so no package has it',
    },
    {
      input: { vendorId: 'x', type: 'npm', namespace: ' ' },
      field: 'namespace',
      message: 'a namespace registration needs a namespace; to register one package, give its purl',
    },
    { input: { vendorId: 'x', type: 'npm', namespace: '//' }, field: 'namespace', message: '"//" holds no namespace segment' },
    {
      input: { vendorId: 'x', type: 'pypi', namespace: 'django' },
      field: 'namespace',
      message: '"django" cannot be a pypi namespace: pypi purls must not have a namespace',
    },
    {
      input: { vendorId: 'x', type: 'git', namespace: 'codeberg.org/forgejo' },
      field: 'namespace',
      message: 'a git namespace is "codeberg.org" alone, not "codeberg.org/forgejo"; register the packages under it by purl instead',
    },
  ];
  for (const { input, field, message } of refusals) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.deepEqual(parseRegistration(input), { ok: false, error: { field, message } });
    });
  }

  it('normalizes a namespace as the type says', () => {
    assert.deepEqual(parseRegistration({ vendorId: 'pu', type: 'GitHub', namespace: 'Package-URL' }), {
      ok: true,
      registration: { kind: 'namespace', vendorId: 'pu', type: 'github', namespace: 'package-url' },
    });
    assert.deepEqual(parseRegistration({ vendorId: 'google', type: 'npm', namespace: '@angular' }), {
      ok: true,
      registration: { kind: 'namespace', vendorId: 'google', type: 'npm', namespace: '@angular' },
    });
  });
});

describe('vendorsToOffer on the purl-spec suite', () => {
  const purls = suitePurls();

  it('reads a good number of the suite purls', () => {
    assert.ok(purls.length >= 150, `${purls.length} purls`);
  });

  it('offers each suite purl the vendor that registered its package, and only vendors of the same package', () => {
    const registrations = purls.map((p, i) => packageRegistration(String(i), p.input));
    const samePackage = (a: SuitePurl['expected'], b: SuitePurl['expected']): boolean =>
      a.type === b.type && a.namespace === b.namespace && (a.type === 'nuget' ? a.name.toLowerCase() === b.name.toLowerCase() : a.name === b.name);
    purls.forEach((p, i) => {
      const expected = purls.flatMap((q, j) => (samePackage(p.expected, q.expected) ? [String(j)] : []));
      assert.ok(expected.includes(String(i)));
      assert.deepEqual(offeredVendors(registrations, [p.input]).sort(), expected.sort(), p.input);
    });
  });

  const examples: readonly { registered: RegistrationInput; affected: string; offered: boolean; why: string }[] = [
    { registered: { vendorId: 'v', purl: 'pkg:pypi/django-package' }, affected: 'pkg:PYPI/Django_package@1.11.1.dev1', offered: true, why: "PyPI names ignore case and '_' vs '-'" },
    { registered: { vendorId: 'v', purl: 'pkg:github/package-url/purl-spec' }, affected: 'pkg:github/Package-url/purl-Spec@244fd47e07d1004f0aed9c', offered: true, why: 'GitHub names ignore case' },
    { registered: { vendorId: 'v', purl: 'pkg:nuget/enterpriselibrary.common' }, affected: 'pkg:Nuget/EnterpriseLibrary.Common@6.0.1304', offered: true, why: 'NuGet names ignore case' },
    { registered: { vendorId: 'v', purl: 'pkg:npm/Foobar' }, affected: 'pkg:npm/foobar@12.3.1', offered: false, why: 'npm names keep case' },
    { registered: { vendorId: 'v', purl: 'pkg:maven/org.apache.xmlgraphics/batik-anim' }, affected: 'pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=zip&classifier=dist', offered: true, why: 'qualifiers do not matter' },
    { registered: { vendorId: 'v', purl: 'pkg:maven/org.apache.xmlgraphics/batik-anim' }, affected: 'pkg:maven/org.apache.xmlgraphics/batik@1.9.1', offered: false, why: 'names match whole, not by prefix' },
    { registered: { vendorId: 'v', purl: 'pkg:golang/google.golang.org/genproto' }, affected: 'pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/api/annotations/', offered: true, why: 'the subpath does not matter' },
    { registered: { vendorId: 'v', purl: 'pkg:julia/Dates?uuid=ade2ca70-3891-5945-98fb-dc099432e06a' }, affected: 'pkg:julia/Dates@1.9.0?uuid=ade2ca70-3891-5945-98fb-dc099432e06a', offered: true, why: 'a required qualifier may be registered' },
    { registered: { vendorId: 'v', type: 'npm', namespace: '@angular' }, affected: 'pkg:npm/%40angular/animation@12.3.1', offered: true, why: 'an npm scope covers its packages' },
    { registered: { vendorId: 'v', type: 'npm', namespace: '@angular' }, affected: 'pkg:npm/%40babel/core#/googleapis/api/annotations/', offered: false, why: 'another scope' },
    { registered: { vendorId: 'v', type: 'npm', namespace: '@angular' }, affected: 'pkg:npm/foobar@12.3.1', offered: false, why: 'an unscoped package' },
    { registered: { vendorId: 'v', type: 'golang', namespace: 'github.com/gorilla' }, affected: 'pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c#api', offered: true, why: 'a Go path prefix covers its modules' },
    { registered: { vendorId: 'v', type: 'golang', namespace: 'github.com' }, affected: 'pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c', offered: true, why: 'namespaces match segment by segment' },
    { registered: { vendorId: 'v', type: 'golang', namespace: 'github.com/gor' }, affected: 'pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c', offered: false, why: 'not by character prefix' },
    { registered: { vendorId: 'v', type: 'maven', namespace: 'org.apache' }, affected: 'pkg:maven/org.apache.commons/io@1.3.4', offered: false, why: 'a Maven group is one segment' },
    { registered: { vendorId: 'v', type: 'maven', namespace: 'org.apache.commons' }, affected: 'pkg:maven/org.apache.commons/io@1.3.4', offered: true, why: 'a Maven group covers its artifacts' },
    { registered: { vendorId: 'v', type: 'maven', namespace: 'org.apache.commons' }, affected: 'pkg:generic/org.apache.commons/io@1.3.4', offered: false, why: 'another type' },
    { registered: { vendorId: 'v', type: 'git', namespace: 'codeberg.org' }, affected: 'pkg:git/codeberg.org/forgejo/forgejo@a72d2c07cfca03b55371089de6aa230d8c951fa0', offered: true, why: 'a git host' },
  ];
  for (const { registered, affected, offered, why } of examples) {
    it(`${offered ? 'offers' : 'does not offer'} ${JSON.stringify(registered)} for ${affected}: ${why}`, () => {
      assert.deepEqual(offeredVendors([register(registered)], [affected]), offered ? ['v'] : []);
    });
  }
});

describe('vendorsToOffer', () => {
  it('groups matches by vendor, in the order found, and reports unreadable purls by index', () => {
    const angular = register({ vendorId: 'google', type: 'npm', namespace: '@angular' });
    const animation = register({ vendorId: 'google', purl: 'pkg:npm/%40angular/animation' });
    const babel = register({ vendorId: 'babel', purl: 'pkg:npm/%40babel/core' });
    const result = vendorsToOffer([babel, angular, animation], ['pkg:npm/%40angular/animation@12.3.1', 'not a purl', 'pkg:npm/%40babel/core@7.0.0']);
    assert.deepEqual(result, {
      offers: [
        {
          vendorId: 'google',
          matches: [
            { affectedPurl: 'pkg:npm/%40angular/animation@12.3.1', registration: angular },
            { affectedPurl: 'pkg:npm/%40angular/animation@12.3.1', registration: animation },
          ],
        },
        { vendorId: 'babel', matches: [{ affectedPurl: 'pkg:npm/%40babel/core@7.0.0', registration: babel }] },
      ],
      errors: [{ field: 'affectedPurls[1]', message: 'invalid purl "not a purl": a purl must start with "pkg:"' }],
    });
  });

  it('offers nobody when nothing is registered', () => {
    assert.deepEqual(vendorsToOffer([], ['pkg:npm/foobar@1.0.0']), { offers: [], errors: [] });
  });
});

describe('vendorsToOffer, property', () => {
  const TYPES = ['npm', 'pypi', 'maven', 'golang', 'cargo', 'gem', 'github', 'deb', 'nuget', 'generic', 'composer', 'hex', 'cpan', 'swift'];
  const segment = fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'aAbBzZ09-_.@:/% é'.split('')) });
  /** A name and another that is often a near miss: another case, '_' for '-', one letter more. */
  const namePair = segment.chain((name) =>
    fc.tuple(fc.constant(name), fc.oneof(segment, fc.constant(name.toUpperCase()), fc.constant(name.replace(/-/g, '_')), fc.constant(`${name}a`), fc.constant(name))),
  );

  it('a registered purl matches itself, at any version, and no purl of another package', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TYPES), fc.option(segment, { nil: undefined }), namePair, fc.string({ minLength: 1, maxLength: 8 }), (type, namespace, [name, otherName], version) => {
        const registered = buildPurl({ type, namespace, name });
        const other = buildPurl({ type, namespace, name: otherName, version });
        fc.pre(registered.ok && other.ok);
        if (!registered.ok || !other.ok) return;
        const registration = register({ vendorId: 'v', purl: formatPurl(registered.purl) });
        assert.deepEqual(offeredVendors([registration], [formatPurl({ ...registered.purl, version })]), ['v']);
        const samePackage = type === 'nuget' ? registered.purl.name.toLowerCase() === other.purl.name.toLowerCase() : registered.purl.name === other.purl.name;
        assert.deepEqual(offeredVendors([registration], [formatPurl(other.purl)]), samePackage ? ['v'] : []);
      }),
      { numRuns: 500 },
    );
  });
});
