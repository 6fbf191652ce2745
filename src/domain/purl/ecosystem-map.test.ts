import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readJson, readJsonLines, sharedDataPath } from '../../testing/shared-data.js';
import { ecosystemForPurl, purlForPackage } from './ecosystem-map.js';
import type { PurlEcosystem } from './ecosystem-map.js';
import { formatPurl, parsePurl } from './purl.js';
import type { Purl } from './purl.js';

function parsed(text: string): Purl {
  const result = parsePurl(text);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.purl;
}

type Expected = Omit<PurlEcosystem, 'version'>;

/** purl → OSV. `roundTrip`: purlForPackage(osvEcosystem, name, version, extra) gives the purl back, canonically. */
const FROM_PURL: { purl: string; expected: Expected | 'error'; roundTrip?: boolean; extra?: Record<string, string> }[] = [
  { purl: 'pkg:npm/lodash@4.17.20', expected: { ecosystem: 'npm', name: 'lodash', streamStatus: 'none', osvEcosystem: 'npm' }, roundTrip: true },
  { purl: 'pkg:npm/%40angular/core@16.0.0', expected: { ecosystem: 'npm', name: '@angular/core', streamStatus: 'none', osvEcosystem: 'npm' }, roundTrip: true },
  { purl: 'pkg:pypi/Django_Rest@1.0', expected: { ecosystem: 'PyPI', name: 'django-rest', streamStatus: 'none', osvEcosystem: 'PyPI' }, roundTrip: true },
  { purl: 'pkg:golang/golang.org/x/net@v0.17.0', expected: { ecosystem: 'Go', name: 'golang.org/x/net', streamStatus: 'none', osvEcosystem: 'Go' }, roundTrip: true },
  // The subpath is a package inside the module; OSV names the module.
  { purl: 'pkg:golang/github.com/gorilla/context#api', expected: { ecosystem: 'Go', name: 'github.com/gorilla/context', streamStatus: 'none', osvEcosystem: 'Go' } },
  { purl: 'pkg:cargo/serde@1.0.0', expected: { ecosystem: 'crates.io', name: 'serde', streamStatus: 'none', osvEcosystem: 'crates.io' }, roundTrip: true },
  {
    purl: 'pkg:maven/org.apache.commons/commons-text@1.9',
    expected: { ecosystem: 'Maven', name: 'org.apache.commons:commons-text', streamStatus: 'none', osvEcosystem: 'Maven' },
    roundTrip: true,
  },
  {
    purl: 'pkg:maven/com.android.tools/r8@8.0?repository_url=https://maven.google.com',
    expected: { ecosystem: 'Maven', name: 'com.android.tools:r8', streamStatus: 'known', stream: 'https://maven.google.com', osvEcosystem: 'Maven:https://maven.google.com' },
    roundTrip: true,
  },
  {
    purl: 'pkg:maven/g/a?repository_url=https://repo1.maven.org/maven2/',
    expected: { ecosystem: 'Maven', name: 'g:a', streamStatus: 'none', osvEcosystem: 'Maven' },
  },
  { purl: 'pkg:nuget/Newtonsoft.Json@13.0.1', expected: { ecosystem: 'NuGet', name: 'Newtonsoft.Json', streamStatus: 'none', osvEcosystem: 'NuGet' }, roundTrip: true },
  { purl: 'pkg:gem/rails@7.0.0', expected: { ecosystem: 'RubyGems', name: 'rails', streamStatus: 'none', osvEcosystem: 'RubyGems' }, roundTrip: true },
  {
    purl: 'pkg:composer/laravel/framework@10.0.0',
    expected: { ecosystem: 'Packagist', name: 'laravel/framework', streamStatus: 'none', osvEcosystem: 'Packagist' },
    roundTrip: true,
  },
  {
    purl: 'pkg:composer/drupal/core?repository_url=https:%2F%2Fpackages.drupal.org%2F8',
    expected: { ecosystem: 'Packagist', name: 'drupal/core', streamStatus: 'known', stream: 'https://packages.drupal.org/8', osvEcosystem: 'Packagist:https://packages.drupal.org/8' },
    roundTrip: true,
  },
  { purl: 'pkg:hex/phoenix@1.7.0', expected: { ecosystem: 'Hex', name: 'phoenix', streamStatus: 'none', osvEcosystem: 'Hex' }, roundTrip: true },
  { purl: 'pkg:pub/http@1.0.0', expected: { ecosystem: 'Pub', name: 'http', streamStatus: 'none', osvEcosystem: 'Pub' }, roundTrip: true },
  { purl: 'pkg:hackage/aeson@2.0', expected: { ecosystem: 'Hackage', name: 'aeson', streamStatus: 'none', osvEcosystem: 'Hackage' }, roundTrip: true },
  { purl: 'pkg:cran/readxl@1.4.0', expected: { ecosystem: 'CRAN', name: 'readxl', streamStatus: 'none', osvEcosystem: 'CRAN' }, roundTrip: true },
  { purl: 'pkg:opam/ocaml@5.0', expected: { ecosystem: 'opam', name: 'ocaml', streamStatus: 'none', osvEcosystem: 'opam' }, roundTrip: true },
  {
    purl: 'pkg:julia/HTTP@1.0?uuid=cd3eb016-35fb-5094-929b-558a96fad6f3',
    expected: { ecosystem: 'Julia', name: 'HTTP', streamStatus: 'none', osvEcosystem: 'Julia' },
    roundTrip: true,
    extra: { uuid: 'cd3eb016-35fb-5094-929b-558a96fad6f3' },
  },
  // Bitnami's distro is the base image of the container, not an OSV stream.
  {
    purl: 'pkg:bitnami/wordpress@6.2.0?distro=debian-12',
    expected: { ecosystem: 'Bitnami', name: 'wordpress', streamStatus: 'none', osvEcosystem: 'Bitnami' },
    roundTrip: true,
    extra: { distro: 'debian-12' },
  },
  {
    purl: 'pkg:swift/github.com/Alamofire/Alamofire@5.4.3',
    expected: { ecosystem: 'SwiftURL', name: 'github.com/Alamofire/Alamofire', streamStatus: 'none', osvEcosystem: 'SwiftURL' },
    roundTrip: true,
  },
  { purl: 'pkg:conan/openssl@3.0.0', expected: { ecosystem: 'ConanCenter', name: 'openssl', streamStatus: 'none', osvEcosystem: 'ConanCenter' }, roundTrip: true },
  { purl: 'pkg:conan/bincrafters/cctz@2.3', expected: 'error' },
  {
    purl: 'pkg:vscode-extension/ms-python/python@2024.1.0',
    expected: { ecosystem: 'VSCode', name: 'ms-python.python', streamStatus: 'none', osvEcosystem: 'VSCode' },
    roundTrip: true,
  },
  {
    purl: 'pkg:githubactions/actions/checkout@v4',
    expected: { ecosystem: 'GitHub Actions', name: 'actions/checkout', streamStatus: 'none', osvEcosystem: 'GitHub Actions' },
    roundTrip: true,
  },
  {
    purl: 'pkg:githubactions/github/codeql-action/init@v3',
    expected: { ecosystem: 'GitHub Actions', name: 'github/codeql-action', streamStatus: 'none', osvEcosystem: 'GitHub Actions' },
  },
  { purl: 'pkg:github/package-url/purl-spec', expected: 'error' },
  {
    purl: 'pkg:deb/debian/openssl@3.0.11-1?arch=source&distro=debian-12',
    expected: { ecosystem: 'Debian', name: 'openssl', streamStatus: 'known', stream: '12', osvEcosystem: 'Debian:12' },
    roundTrip: true,
  },
  { purl: 'pkg:deb/debian/curl@7.50.3-1?distro=bookworm', expected: { ecosystem: 'Debian', name: 'curl', streamStatus: 'known', stream: '12', osvEcosystem: 'Debian:12' } },
  { purl: 'pkg:deb/debian/curl?arch=i386&distro=jessie', expected: { ecosystem: 'Debian', name: 'curl', streamStatus: 'known', stream: '8', osvEcosystem: 'Debian:8' } },
  { purl: 'pkg:deb/debian/curl?distro=debian-12.5', expected: { ecosystem: 'Debian', name: 'curl', streamStatus: 'known', stream: '12', osvEcosystem: 'Debian:12' } },
  { purl: 'pkg:deb/debian/curl?distro=sid', expected: { ecosystem: 'Debian', name: 'curl', streamStatus: 'known', stream: 'sid', osvEcosystem: 'Debian:sid' } },
  { purl: 'pkg:deb/debian/curl', expected: { ecosystem: 'Debian', name: 'curl', streamStatus: 'unknown', osvEcosystem: 'Debian' } },
  // A contradictory or unrecognised distro is not guessed.
  { purl: 'pkg:deb/debian/curl?distro=ubuntu-22.04', expected: { ecosystem: 'Debian', name: 'curl', streamStatus: 'unknown', osvEcosystem: 'Debian' } },
  { purl: 'pkg:deb/debian/curl?distro=testing', expected: { ecosystem: 'Debian', name: 'curl', streamStatus: 'unknown', osvEcosystem: 'Debian' } },
  {
    purl: 'pkg:deb/ubuntu/openssl@3.0.2?arch=source&distro=ubuntu-22.04',
    expected: { ecosystem: 'Ubuntu', name: 'openssl', streamStatus: 'known', stream: '22.04:LTS', osvEcosystem: 'Ubuntu:22.04:LTS' },
    roundTrip: true,
  },
  {
    purl: 'pkg:deb/ubuntu/openssl?arch=source&distro=ubuntu-23.10',
    expected: { ecosystem: 'Ubuntu', name: 'openssl', streamStatus: 'known', stream: '23.10', osvEcosystem: 'Ubuntu:23.10' },
    roundTrip: true,
  },
  { purl: 'pkg:deb/ubuntu/openssl?distro=jammy', expected: { ecosystem: 'Ubuntu', name: 'openssl', streamStatus: 'known', stream: '22.04:LTS', osvEcosystem: 'Ubuntu:22.04:LTS' } },
  { purl: 'pkg:deb/ubuntu/openssl?distro=ubuntu-22.04.3', expected: { ecosystem: 'Ubuntu', name: 'openssl', streamStatus: 'known', stream: '22.04:LTS', osvEcosystem: 'Ubuntu:22.04:LTS' } },
  { purl: 'pkg:deb/ubuntu/openssl?distro=bookworm', expected: { ecosystem: 'Ubuntu', name: 'openssl', streamStatus: 'unknown', osvEcosystem: 'Ubuntu' } },
  { purl: 'pkg:deb/kali/openssl', expected: 'error' },
  {
    purl: 'pkg:apk/alpine/openssl@3.1.4-r0?arch=source&distro=alpine-3.20',
    expected: { ecosystem: 'Alpine', name: 'openssl', streamStatus: 'known', stream: 'v3.20', osvEcosystem: 'Alpine:v3.20' },
    roundTrip: true,
  },
  { purl: 'pkg:apk/alpine/openssl?distro=3.19.1', expected: { ecosystem: 'Alpine', name: 'openssl', streamStatus: 'known', stream: 'v3.19', osvEcosystem: 'Alpine:v3.19' } },
  { purl: 'pkg:apk/alpine/openssl?distro=edge', expected: { ecosystem: 'Alpine', name: 'openssl', streamStatus: 'unknown', osvEcosystem: 'Alpine' } },
  { purl: 'pkg:apk/wolfi/glibc@2.38', expected: { ecosystem: 'Wolfi', name: 'glibc', streamStatus: 'none', osvEcosystem: 'Wolfi' }, roundTrip: true },
  { purl: 'pkg:apk/chainguard/glibc@2.38', expected: { ecosystem: 'Chainguard', name: 'glibc', streamStatus: 'none', osvEcosystem: 'Chainguard' }, roundTrip: true },
  // Red Hat streams are CPE product streams; a distro qualifier cannot name one.
  { purl: 'pkg:rpm/redhat/openssl@3.0.7?arch=src&distro=rhel-9.2', expected: { ecosystem: 'Red Hat', name: 'openssl', streamStatus: 'unknown', osvEcosystem: 'Red Hat' } },
  { purl: 'pkg:rpm/rocky-linux/openssl?distro=rocky-9.3', expected: { ecosystem: 'Rocky Linux', name: 'openssl', streamStatus: 'known', stream: '9', osvEcosystem: 'Rocky Linux:9' } },
  { purl: 'pkg:rpm/rocky/openssl?distro=rocky-linux-8', expected: { ecosystem: 'Rocky Linux', name: 'openssl', streamStatus: 'known', stream: '8', osvEcosystem: 'Rocky Linux:8' } },
  {
    purl: 'pkg:rpm/almalinux/openssl@3.0.7?distro=almalinux-9',
    expected: { ecosystem: 'AlmaLinux', name: 'openssl', streamStatus: 'known', stream: '9', osvEcosystem: 'AlmaLinux:9' },
    roundTrip: true,
  },
  {
    purl: 'pkg:rpm/opensuse/curl?distro=opensuse-leap-15.5',
    expected: { ecosystem: 'openSUSE', name: 'curl', streamStatus: 'known', stream: 'Leap 15.5', osvEcosystem: 'openSUSE:Leap 15.5' },
    roundTrip: true,
  },
  {
    purl: 'pkg:rpm/opensuse/curl?distro=opensuse-tumbleweed',
    expected: { ecosystem: 'openSUSE', name: 'curl', streamStatus: 'known', stream: 'Tumbleweed', osvEcosystem: 'openSUSE:Tumbleweed' },
    roundTrip: true,
  },
  {
    purl: 'pkg:rpm/suse/curl?distro=sles-15.5',
    expected: { ecosystem: 'SUSE', name: 'curl', streamStatus: 'known', stream: 'Linux Enterprise Server 15 SP5', osvEcosystem: 'SUSE:Linux Enterprise Server 15 SP5' },
    roundTrip: true,
  },
  { purl: 'pkg:rpm/suse/curl?distro=sle-micro-5.5', expected: { ecosystem: 'SUSE', name: 'curl', streamStatus: 'unknown', osvEcosystem: 'SUSE' } },
  { purl: 'pkg:rpm/mageia/curl?distro=mageia-9', expected: { ecosystem: 'Mageia', name: 'curl', streamStatus: 'known', stream: '9', osvEcosystem: 'Mageia:9' }, roundTrip: true },
  {
    purl: 'pkg:rpm/photon/curl?distro=photon-5.0',
    expected: { ecosystem: 'Photon OS', name: 'curl', streamStatus: 'known', stream: '5.0', osvEcosystem: 'Photon OS:5.0' },
    roundTrip: true,
  },
  { purl: 'pkg:rpm/fedora/curl?distro=fedora-39', expected: 'error' },
  { purl: 'pkg:generic/openssl@3.0.0', expected: 'error' },
];

describe('ecosystemForPurl', () => {
  for (const row of FROM_PURL) {
    test(row.purl, () => {
      const purl = parsed(row.purl);
      const result = ecosystemForPurl(purl);
      if (row.expected === 'error') {
        assert.ok('error' in result, JSON.stringify(result));
        return;
      }
      const expected: PurlEcosystem = { ...row.expected };
      if (purl.version !== undefined) expected.version = purl.version;
      assert.deepEqual(result, expected);
    });
  }
});

describe('purlForPackage round trips', () => {
  for (const row of FROM_PURL.filter((r) => r.roundTrip === true)) {
    test(row.purl, () => {
      const purl = parsed(row.purl);
      const mapped = ecosystemForPurl(purl);
      assert.ok(!('error' in mapped), 'error' in mapped ? mapped.error : '');
      const back = purlForPackage(mapped.osvEcosystem, mapped.name, mapped.version, row.extra);
      assert.ok(back.ok, back.ok ? '' : back.error);
      assert.equal(formatPurl(back.purl), formatPurl(purl));
    });
  }
});

/** OSV → purl for cases the round trips do not reach; `null` expects an error. */
const FROM_OSV: { ecosystem: string; name: string; version?: string; qualifiers?: Record<string, string>; expected: string | null }[] = [
  { ecosystem: 'Debian', name: 'openssl', expected: 'pkg:deb/debian/openssl?arch=source' },
  { ecosystem: 'Debian:sid', name: 'openssl', expected: 'pkg:deb/debian/openssl?arch=source&distro=debian-sid' },
  { ecosystem: 'Debian:6', name: 'openssl', expected: null },
  // OSV requires ":LTS" on LTS releases, so a bare LTS number is not an Ubuntu stream.
  { ecosystem: 'Ubuntu:22.04', name: 'openssl', expected: null },
  { ecosystem: 'Ubuntu:Pro:18.04:LTS', name: 'openssl', expected: null },
  { ecosystem: 'Alpine:3.20', name: 'openssl', expected: null },
  { ecosystem: 'Red Hat', name: 'openssl', expected: 'pkg:rpm/redhat/openssl' },
  { ecosystem: 'Red Hat:enterprise_linux:9::appstream', name: 'openssl', expected: null },
  { ecosystem: 'Maven:https://repo.maven.apache.org/maven2', name: 'g:a', expected: 'pkg:maven/g/a?repository_url=https:%2F%2Frepo.maven.apache.org%2Fmaven2' },
  { ecosystem: 'Maven', name: 'no-colon', expected: null },
  { ecosystem: 'Maven:not-a-url', name: 'g:a', expected: null },
  { ecosystem: 'Go', name: 'stdlib', expected: null },
  { ecosystem: 'npm', name: '@scope/', expected: null },
  { ecosystem: 'Julia', name: 'HTTP', expected: null },
  { ecosystem: 'GHC', name: 'ghc', expected: null },
  { ecosystem: 'PyPI', name: 'Foo_Bar', version: '1.0', expected: 'pkg:pypi/foo-bar@1.0' },
  { ecosystem: 'Debian:12', name: 'curl', qualifiers: { arch: 'amd64' }, expected: 'pkg:deb/debian/curl?arch=amd64&distro=debian-12' },
];

describe('purlForPackage', () => {
  for (const row of FROM_OSV) {
    test(`${row.ecosystem} ${row.name}`, () => {
      const result = purlForPackage(row.ecosystem, row.name, row.version, row.qualifiers);
      if (row.expected === null) {
        assert.equal(result.ok, false, result.ok ? formatPurl(result.purl) : '');
        return;
      }
      assert.ok(result.ok, result.ok ? '' : result.error);
      assert.equal(formatPurl(result.purl), row.expected);
    });
  }
});

test('every mapped ecosystem is an OSV ecosystem', () => {
  const known = Object.keys(readJson<Record<string, string>>(sharedDataPath('osv', 'schema', 'ecosystems.json')));
  for (const row of FROM_PURL) {
    if (row.expected !== 'error') assert.ok(known.includes(row.expected.ecosystem), row.expected.ecosystem);
  }
});

/** PEP 503: PyPI compares names with runs of `-_.` folded to '-' and case ignored. */
function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

describe('published OSV records that carry a purl', () => {
  const sources = ['bitnami', 'crates-io', 'julia', 'opam', 'pypi', 'malicious-packages'];
  for (const source of sources) {
    test(`${source}: purl and ecosystem/name agree both ways`, async () => {
      let seen = 0;
      for await (const record of readJsonLines<{ affected?: { package?: { ecosystem: string; name: string; purl?: string } }[] }>(
        sharedDataPath('osv', `${source}.jsonl.gz`),
      )) {
        for (const { package: pkg } of record.affected ?? []) {
          if (pkg?.purl === undefined) continue;
          seen += 1;
          const purl = parsed(pkg.purl);
          const mapped = ecosystemForPurl(purl);
          assert.ok(!('error' in mapped), `${pkg.purl}: ${'error' in mapped ? mapped.error : ''}`);
          assert.equal(mapped.osvEcosystem, pkg.ecosystem, pkg.purl);
          // PyPA spells some names unnormalized (jw.util) while its purl is normalized (jw-util).
          const same = pkg.ecosystem === 'PyPI' ? pep503(mapped.name) === pep503(pkg.name) : mapped.name === pkg.name;
          assert.ok(same, `${pkg.purl} → ${mapped.name}, OSV says ${pkg.name}`);

          const back = purlForPackage(pkg.ecosystem, pkg.name, undefined, purl.qualifiers);
          assert.ok(back.ok, `${pkg.ecosystem} ${pkg.name}: ${back.ok ? '' : back.error}`);
          const unversioned: Purl = { ...purl };
          delete unversioned.version;
          const expected = formatPurl(unversioned);
          const actual = formatPurl(back.purl);
          assert.ok(pkg.ecosystem === 'PyPI' ? pep503(actual) === pep503(expected) : actual === expected, `${actual} ≠ ${expected}`);
        }
      }
      assert.ok(seen > 0, `no purls in ${source}`);
    });
  }
});
