import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import * as optionalTests from '@secvisogram/csaf-validator-lib/optionalTests.js';
import validateStrict, { type CsafDocumentTest } from '@secvisogram/csaf-validator-lib/validateStrict.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { csafAdvisory } from '../../domain/publication/csaf-advisory.js';
import { csafLocations } from '../../domain/publication/csaf-locations.js';
import { cveRecord } from '../../domain/publication/cve-record.js';
import { osvRecord } from '../../domain/publication/osv-record.js';
import { providerMetadata } from '../../domain/publication/provider-metadata.js';
import { built, sampleCase, samplePublisher } from '../../testing/publication-samples.js';
import type { PublishableCase } from '../../domain/publication/publishable-case.js';
import { rolieFeed } from '../../domain/publication/rolie-feed.js';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { validateCve, validateOsv } from '../validation/schema-validators.js';
import { csafErrors, cweNames, publicationProblems } from './validate-publication.js';

const sample = sampleCase;
const publisher = samplePublisher;
const value = built;

const locations = value(csafLocations('https://clearinghouse.example'));

/**
 * The official OASIS CSAF 2.0 and provider metadata schemas (../shared/data/csaf/schema), with
 * the FIRST CVSS schemas the CSAF schema refers to by URL. Those are draft-04/07 files; their
 * `$schema` and `id`/`$id` are dropped so one draft 2020-12 ajv holds them under the URLs referred to.
 */
const csafAjv = (() => {
  const ajv = new Ajv2020Module.default({ allErrors: true, strict: false });
  addFormatsModule.default(ajv);
  for (const version of ['2.0', '3.0', '3.1']) {
    const { $schema: _draft, $id: _id, id: _draft4Id, ...schema } = readJson<Record<string, unknown>>(sharedDataPath('csaf', 'schema', 'first', `cvss-v${version}.json`));
    ajv.addSchema(schema, `https://www.first.org/cvss/cvss-v${version}.json`);
  }
  ajv.addSchema(readJson<object>(sharedDataPath('csaf', 'schema', 'csaf_json_schema.json')));
  ajv.addSchema(readJson<object>(sharedDataPath('csaf', 'schema', 'provider_json_schema.json')));
  return ajv;
})();

function schemaErrors(id: string, document: unknown): string[] {
  const validate = csafAjv.getSchema(id);
  assert.ok(validate !== undefined, id);
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`);
}
const CSAF_SCHEMA = 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json';
const PROVIDER_SCHEMA = 'https://docs.oasis-open.org/csaf/csaf/v2.0/provider_json_schema.json';

describe('the sample case, published', () => {
  const osv = value(osvRecord(sample));
  const cve = value(cveRecord(sample, publisher, cweNames));
  const canonicalUrl = locations.advisory(sample.id, sample.published);
  const csaf = value(csafAdvisory(sample, publisher, { weaknessNames: cweNames, canonicalUrl }));

  it('is valid OSV, CVE JSON 5.1 and CSAF 2.0 (strict schema and every mandatory test)', async () => {
    assert.deepEqual(validateOsv(osv), { ok: true });
    assert.deepEqual(validateCve(cve), { ok: true });
    assert.deepEqual(await csafErrors(csaf), []);
    assert.deepEqual(await publicationProblems({ osv, cve, csaf }), []);
  });

  it('is valid against the official OASIS CSAF 2.0 schema file', () => {
    assert.deepEqual(schemaErrors(CSAF_SCHEMA, csaf), []);
  });

  it('raises no warning of the optional tests either once served with its keys sorted (test 6.2.13)', async () => {
    const tests = Object.values(optionalTests as unknown as Record<string, unknown>).filter((test): test is CsafDocumentTest => typeof test === 'function');
    const warnings = (document: unknown) =>
      validateStrict(tests, document).then((v) => v.tests.flatMap((t) => t.warnings.map((w) => `${t.name} ${w.instancePath} ${w.message}`)));
    assert.deepEqual(await warnings(JSON.parse(canonicalJson(csaf))), []);
    assert.ok((await warnings(csaf)).every((w) => w.startsWith('optionalTest_6_2_13 ')));
  });

  it('is served with a provider-metadata.json valid against the OASIS provider schema, whose ROLIE feed lists it', () => {
    const metadata = value(providerMetadata({ publisher, canonicalUrl: locations.providerMetadata, feedUrl: locations.feed, lastUpdated: sample.modified }));
    assert.deepEqual(schemaErrors(PROVIDER_SCHEMA, metadata), []);
    assert.equal(metadata.distributions[0]?.rolie.feeds[0]?.url, locations.feed);

    const feed = value(
      rolieFeed({
        feedUrl: locations.feed,
        title: `${publisher.name} CSAF feed (TLP:WHITE)`,
        updated: sample.modified,
        entries: [{ trackingId: csaf.document.tracking.id, title: csaf.document.title, url: canonicalUrl, published: sample.published, updated: sample.modified, summary: sample.title }],
      }),
    );
    assert.deepEqual(feed.feed.entry.map((e) => [e.id, e.content.src]), [['CH-2026-0042', 'https://clearinghouse.example/.well-known/csaf/white/2026/ch-2026-0042.json']]);
  });
});

describe('publicationProblems', () => {
  it('reports each document that breaks its schema or a CSAF mandatory test, by format', async () => {
    const osv = { ...value(osvRecord(sample)), id: 'CH-2026-0042' };
    const cve = value(cveRecord(sample, publisher, cweNames));
    const csaf = value(csafAdvisory(sample, publisher, { weaknessNames: cweNames }));
    const broken = { ...csaf, vulnerabilities: [{ ...csaf.vulnerabilities[0]!, cwe: { id: 'CWE-79', name: 'Cross-site Scripting' } }] };
    const problems = await publicationProblems({ osv, cve: { ...cve, dataVersion: '4.0' as '5.1' }, csaf: broken });
    assert.deepEqual(problems.map((p) => p.format), ['OSV', 'CVE', 'CSAF']);
    assert.ok(problems[0]!.errors.some((e) => e.startsWith('/id ')), problems[0]!.errors.join('\n'));
    assert.deepEqual(problems[2]!.errors, ['/vulnerabilities/0/cwe/name the name does not match the weakness with the given id (CSAF mandatory test 6.1.11)']);
  });
});

describe('every generated case publishes as schema-valid documents', () => {
  const v3Vectors = [
    ...readJson<{ vector: string }[]>(sharedDataPath('cvss', 'cvss-v3.1.json')),
    ...readJson<{ vector: string }[]>(sharedDataPath('cvss', 'cvss-v3.0.json')),
  ].map((f) => f.vector);
  const v4Vectors = readJson<{ vector: string }[]>(sharedDataPath('cvss', 'cvss-v4.0.json')).map((f) => f.vector);
  const cweIds = [...cweNames.keys()];

  const triple = fc.tuple(fc.nat(30), fc.nat(30), fc.nat(30));
  const name = fc.stringMatching(/^[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6})?$/);
  /** A purl of a supported type, and how that ecosystem writes a version `a.b.c`. */
  const packageArb = fc.oneof(
    fc.tuple(fc.option(name, { nil: undefined }), name).map(([scope, n]) => ({ purl: scope === undefined ? `pkg:npm/${n}` : `pkg:npm/%40${scope}/${n}`, write: (v: string) => v })),
    name.map((n) => ({ purl: `pkg:pypi/${n}`, write: (v: string) => v })),
    name.map((n) => ({ purl: `pkg:cargo/${n}`, write: (v: string) => v })),
    fc.tuple(name, name).map(([owner, repo]) => ({ purl: `pkg:golang/github.com/${owner}/${repo}`, write: (v: string) => `v${v}` })),
    fc.tuple(name, name).map(([group, artifact]) => ({ purl: `pkg:maven/org.${group}/${artifact}`, write: (v: string) => v })),
    name.map((n) => ({ purl: `pkg:gem/${n}`, write: (v: string) => v })),
    name.map((n) => ({ purl: `pkg:nuget/${n}`, write: (v: string) => v })),
    fc.tuple(name, name).map(([vendor, n]) => ({ purl: `pkg:composer/${vendor}/${n}`, write: (v: string) => v })),
    name.map((n) => ({ purl: `pkg:hex/${n}`, write: (v: string) => v })),
    name.map((n) => ({ purl: `pkg:pub/${n}`, write: (v: string) => v })),
    name.map((n) => ({ purl: `pkg:hackage/${n}`, write: (v: string) => v })),
    name.map((n) => ({ purl: `pkg:cran/${n}`, write: (v: string) => v })),
    fc.tuple(name, name).map(([owner, repo]) => ({ purl: `pkg:swift/github.com/${owner}/${repo}`, write: (v: string) => v })),
    name.map((n) => ({ purl: `pkg:opam/${n}`, write: (v: string) => v })),
    fc.tuple(name, fc.constantFrom('', '?distro=debian-12', '?distro=bookworm')).map(([n, q]) => ({ purl: `pkg:deb/debian/${n}${q}`, write: (v: string) => `${v}-1` })),
    fc.tuple(name, fc.constantFrom('', '?distro=alpine-3.20')).map(([n, q]) => ({ purl: `pkg:apk/alpine/${n}${q}`, write: (v: string) => `${v}-r0` })),
    fc.tuple(name, fc.constantFrom('almalinux/NAME?distro=almalinux-9', 'redhat/NAME')).map(([n, form]) => ({ purl: `pkg:rpm/${form.replace('NAME', n)}`, write: (v: string) => `${v}-1.el9` })),
  );
  /** Two different versions, lower first, as `a.b.c`. */
  const versionPair = fc
    .tuple(triple, triple)
    .filter(([a, b]) => a.join('.') !== b.join('.'))
    .map(([a, b]) => (a[0] - b[0] || a[1] - b[1] || a[2] - b[2]) < 0 ? [a.join('.'), b.join('.')] : [b.join('.'), a.join('.')]);
  const affectedArb = fc.tuple(packageArb, versionPair, fc.boolean(), fc.constantFrom('fixed', 'lastAffected', 'open')).map(([pkg, [low, high], fromZero, end]) => ({
    purl: pkg.purl,
    ...(!fromZero && { introduced: pkg.write(low!) }),
    ...(end === 'fixed' && { fixed: pkg.write(high!) }),
    ...(end === 'lastAffected' && { lastAffected: pkg.write(high!) }),
  }));
  const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== '');
  const second = 1000;
  const caseArb = fc
    .record({
      id: fc.stringMatching(/^CH-20[0-9]{2}-[0-9]{4,6}$/),
      cveId: fc.option(fc.tuple(fc.integer({ min: 1999, max: 2030 }), fc.integer({ min: 1000, max: 9999999 })).map(([y, n]) => `CVE-${y}-${n}`), { nil: undefined }),
      title: text,
      description: fc.array(text, { minLength: 1, maxLength: 4 }).map((lines) => lines.join('\n\n')),
      published: fc.integer({ min: Date.UTC(2000, 0, 1) / second, max: Date.UTC(2030, 0, 1) / second }),
      revisionSteps: fc.array(fc.integer({ min: 1, max: 90 * 86400 }), { maxLength: 3 }),
      cwes: fc.uniqueArray(fc.constantFrom(...cweIds), { maxLength: 3 }),
      v3: fc.option(fc.constantFrom(...v3Vectors), { nil: undefined }),
      v4: fc.option(fc.constantFrom(...v4Vectors), { nil: undefined }),
      affected: fc.uniqueArray(affectedArb, { minLength: 1, maxLength: 4, selector: (a) => a.purl }),
      references: fc.uniqueArray(
        fc.record({ url: fc.array(fc.webSegment(), { maxLength: 3 }).map((path) => `https://example.com/${path.join('/')}`), type: fc.constantFrom('ADVISORY', 'FIX', 'REPORT', 'WEB', 'PACKAGE', 'ARTICLE') }),
        { minLength: 1, maxLength: 3, selector: (r) => r.url },
      ),
      credits: fc.array(fc.record({ name: text, type: fc.constantFrom('FINDER', 'REPORTER', 'COORDINATOR', 'REMEDIATION_DEVELOPER', 'OTHER') }), { maxLength: 2 }),
    })
    .map(({ published, revisionSteps, v3, v4, ...rest }): PublishableCase => {
      const times = revisionSteps.reduce((all, step) => [...all, all[all.length - 1]! + step], [published]);
      const iso = (seconds: number) => new Date(seconds * second).toISOString();
      return {
        ...rest,
        published: iso(published),
        modified: iso(times[times.length - 1]!),
        cvssVectors: [v3, v4].filter((v): v is string => v !== undefined),
        revisions: times.map((t, i) => ({ date: iso(t), summary: i === 0 ? 'Initial publication.' : `Revision ${i + 1}.` })),
      };
    });

  it('as OSV, CVE (or the typed error when no CVE id is assigned) and CSAF', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const osv = value(osvRecord(c));
        assert.deepEqual(validateOsv(osv), { ok: true });

        const cve = cveRecord(c, publisher, cweNames);
        if (c.cveId === undefined) {
          assert.ok(!cve.ok);
          assert.deepEqual(cve.errors.map((e) => e.path), ['/cveId']);
        } else {
          assert.deepEqual(validateCve(value(cve)), { ok: true });
        }

        const csaf = value(csafAdvisory(c, publisher, { weaknessNames: cweNames, canonicalUrl: locations.advisory(c.id, c.published) }));
        assert.deepEqual(await csafErrors(csaf), []);
        assert.deepEqual(schemaErrors(CSAF_SCHEMA, csaf), []);
      }),
      { numRuns: 200 },
    );
  });
});
