/**
 * purl type ↔ OSV ecosystem, both directions.
 *
 * Follows osv.dev (`osv/purl_helpers.py`) where it has a mapping, and the OSV
 * ecosystem list (`osv/schema/ecosystems.json`) for the ecosystem suffixes: the
 * release of a Linux distribution (`Debian:12`, `Ubuntu:22.04:LTS`,
 * `Alpine:v3.20`) and the non-default repository of a registry
 * (`Maven:https://maven.google.com`). That suffix is the "stream": it comes back
 * separately so a matcher can refuse to match across releases, and a distro
 * release that cannot be read with certainty is reported as unknown, never guessed.
 */

import { buildPurl } from './purl.js';
import type { Purl, PurlResult } from './purl.js';

/**
 * The OSV package a purl names.
 *
 * @example
 * // pkg:deb/debian/openssl@3.0.11-1?distro=debian-12
 * { ecosystem: 'Debian', name: 'openssl', version: '3.0.11-1', streamStatus: 'known', stream: '12', osvEcosystem: 'Debian:12' }
 */
export interface PurlEcosystem {
  /** OSV ecosystem without suffix, e.g. `Debian`, `Maven`. */
  ecosystem: string;
  /** Package name as OSV spells it there, e.g. `org.apache:commons-text` for Maven. */
  name: string;
  version?: string;
  /**
   * `none`: the ecosystem has no streams, or the purl uses the default repository;
   * `known`: `stream` holds it; `unknown`: a distro ecosystem whose release the purl
   * does not say, or says in a form not recognised.
   */
  streamStatus: 'none' | 'known' | 'unknown';
  /** The OSV ecosystem suffix, e.g. `12`, `22.04:LTS`, `v3.20`, `https://maven.google.com`. */
  stream?: string;
  /** `ecosystem:stream` when the stream is known, otherwise `ecosystem`. */
  osvEcosystem: string;
}

/** Outcome of {@link ecosystemForPurl}: the OSV package, or why there is none. */
export type PurlEcosystemResult = PurlEcosystem | { error: string };

/** How an OSV package name is assembled from purl namespace and name. */
type NameStyle =
  /** No namespace: the name is the purl name. */
  | 'name'
  /** Optional namespace joined with '/': npm scopes, Hex organisations. */
  | 'scoped'
  /** Required namespace joined with '/' and split at the last '/': Go modules, Swift URLs. */
  | 'path'
  /** Required namespace joined with '/' and split at the first '/': Packagist vendor/name. */
  | 'vendor'
  /** Required namespace joined with ':': Maven groupId:artifactId. */
  | 'maven'
  /** Required namespace joined with '.': VS Code publisher.name. */
  | 'publisher'
  /** owner/repo: GitHub Actions, whose purls may add a path inside the repository. */
  | 'action';

/** How a distro's `distro` qualifier maps to the OSV release suffix and back. */
interface ReleaseScheme {
  /** The release suffix a `distro` qualifier value names, if it names one for sure. */
  read(distro: string): string | undefined;
  /** The `distro` qualifier value for a release suffix. */
  write(stream: string): string;
}

interface EcosystemEntry {
  ecosystem: string;
  type: string;
  nameStyle: NameStyle;
  /** Fixed namespace of a distro ecosystem, and other spellings seen in the wild. */
  namespace?: string;
  namespaceAliases?: readonly string[];
  releases?: ReleaseScheme;
  /** For registries whose OSV suffix is a repository URL: the default ones, which take no suffix. */
  defaultRepositories?: readonly string[];
  /** OSV names here are source packages; purls built from them say so. */
  sourceArch?: string;
}

/**
 * `<prefix><number>…` or a bare number: its leading `count` numeric fields, or
 * undefined. The longest matching prefix wins (`rocky-linux-` over `rocky-`).
 */
function numericRelease(value: string, prefixes: readonly string[], count: 1 | 2): string[] | undefined {
  const longestFirst = [...prefixes].sort((a, b) => b.length - a.length);
  const prefix = longestFirst.find((p) => value.startsWith(p)) ?? (/^\d/.test(value) ? '' : undefined);
  if (prefix === undefined) return undefined;
  const match = /^(\d+)(?:\.(\d+))?(?:\.\d+)*$/.exec(value.slice(prefix.length));
  if (match === null) return undefined;
  const fields = [match[1] ?? '', match[2] ?? ''];
  if (count === 2 && fields[1] === '') return undefined;
  return fields.slice(0, count);
}

const DEBIAN_CODENAMES: Readonly<Record<string, string>> = {
  wheezy: '7',
  jessie: '8',
  stretch: '9',
  buster: '10',
  bullseye: '11',
  bookworm: '12',
  trixie: '13',
  forky: '14',
  duke: '15',
  sid: 'sid',
  unstable: 'sid',
};

/** `debian-12`, `debian-12.5`, `12`, `bookworm`, `debian-bookworm`, `sid` → `12`/`sid`. Debian 7 onwards. */
const debianReleases: ReleaseScheme = {
  read(distro) {
    const bare = distro.startsWith('debian-') ? distro.slice('debian-'.length) : distro;
    const named = DEBIAN_CODENAMES[bare];
    if (named !== undefined) return named;
    const major = numericRelease(bare, [], 1)?.[0];
    return major !== undefined && Number(major) >= 7 ? major : undefined;
  },
  write: (stream) => `debian-${stream}`,
};

const UBUNTU_CODENAMES: Readonly<Record<string, string>> = {
  lucid: '10.04',
  precise: '12.04',
  trusty: '14.04',
  xenial: '16.04',
  yakkety: '16.10',
  zesty: '17.04',
  artful: '17.10',
  bionic: '18.04',
  cosmic: '18.10',
  disco: '19.04',
  eoan: '19.10',
  focal: '20.04',
  groovy: '20.10',
  hirsute: '21.04',
  impish: '21.10',
  jammy: '22.04',
  kinetic: '22.10',
  lunar: '23.04',
  mantic: '23.10',
  noble: '24.04',
  oracular: '24.10',
  plucky: '25.04',
  questing: '25.10',
};

/**
 * `ubuntu-22.04`, `22.04.3`, `jammy` → `22.04:LTS`. OSV requires the `:LTS` suffix
 * on LTS releases: the April release of even years since 8.04.
 */
const ubuntuReleases: ReleaseScheme = {
  read(distro) {
    const bare = distro.startsWith('ubuntu-') ? distro.slice('ubuntu-'.length) : distro;
    const version = UBUNTU_CODENAMES[bare] ?? numericRelease(bare, [], 2)?.join('.');
    const match = /^(\d{2})\.(04|10)$/.exec(version ?? '');
    if (match === null) return undefined;
    const lts = match[2] === '04' && Number(match[1]) % 2 === 0;
    return lts ? `${version}:LTS` : version;
  },
  write: (stream) => `ubuntu-${stream.replace(/:LTS$/, '')}`,
};

/** `alpine-3.20`, `alpine-3.20.3`, `3.20`, `v3.20` → `v3.20`. */
const alpineReleases: ReleaseScheme = {
  read(distro) {
    const bare = distro.replace(/^alpine-/, '').replace(/^v/, '');
    const fields = numericRelease(bare, [], 2);
    return fields === undefined ? undefined : `v${fields.join('.')}`;
  },
  write: (stream) => `alpine-${stream.replace(/^v/, '')}`,
};

/** A distro whose OSV release is its major version: `rocky-9.3` → `9`; written with the first prefix. */
function majorReleases(writtenPrefix: string, ...otherPrefixes: string[]): ReleaseScheme {
  const prefixes = [writtenPrefix, ...otherPrefixes];
  return {
    read: (distro) => numericRelease(distro, prefixes, 1)?.[0],
    write: (stream) => `${writtenPrefix}${stream}`,
  };
}

/** Photon OS releases are `major.minor`: `photon-5.0` → `5.0`. */
const photonReleases: ReleaseScheme = {
  read: (distro) => numericRelease(distro, ['photon-'], 2)?.join('.'),
  write: (stream) => `photon-${stream}`,
};

/** `opensuse-leap-15.5` → `Leap 15.5`, `opensuse-leap-micro-5.5` → `Leap Micro 5.5`, `opensuse-tumbleweed` → `Tumbleweed`. */
const openSuseReleases: ReleaseScheme = {
  read(distro) {
    if (distro === 'opensuse-tumbleweed') return 'Tumbleweed';
    const micro = numericRelease(distro, ['opensuse-leap-micro-'], 2);
    if (micro !== undefined) return `Leap Micro ${micro.join('.')}`;
    const leap = numericRelease(distro, ['opensuse-leap-'], 2);
    return leap === undefined ? undefined : `Leap ${leap.join('.')}`;
  },
  write: (stream) =>
    stream === 'Tumbleweed'
      ? 'opensuse-tumbleweed'
      : `opensuse-${stream.toLowerCase().replace(/ /g, '-')}`,
};

/** `sles-15.5` → `Linux Enterprise Server 15 SP5`, `sles-15` → `Linux Enterprise Server 15`. Other SUSE products stay unknown. */
const suseReleases: ReleaseScheme = {
  read(distro) {
    const match = /^sles-(\d+)(?:\.(\d+))?$/.exec(distro);
    if (match === null) return undefined;
    const servicePack = match[2] === undefined || match[2] === '0' ? '' : ` SP${match[2]}`;
    return `Linux Enterprise Server ${match[1]}${servicePack}`;
  },
  write(stream) {
    const match = /^Linux Enterprise Server (\d+)(?: SP(\d+))?$/.exec(stream);
    return match === null ? '' : `sles-${match[1]}${match[2] === undefined ? '' : `.${match[2]}`}`;
  },
};

/**
 * Red Hat's OSV suffix is a CPE-derived product stream (`Red Hat:enterprise_linux:9::appstream`)
 * that a `distro` qualifier cannot pin down, so it always stays unknown.
 */
const redHatReleases: ReleaseScheme = {
  read: () => undefined,
  write: () => '',
};

/** The mapping, one entry per OSV ecosystem. */
const ECOSYSTEMS: readonly EcosystemEntry[] = [
  { ecosystem: 'npm', type: 'npm', nameStyle: 'scoped' },
  { ecosystem: 'PyPI', type: 'pypi', nameStyle: 'name' },
  { ecosystem: 'Go', type: 'golang', nameStyle: 'path' },
  { ecosystem: 'crates.io', type: 'cargo', nameStyle: 'name' },
  { ecosystem: 'Maven', type: 'maven', nameStyle: 'maven', defaultRepositories: ['https://repo.maven.apache.org/maven2', 'https://repo1.maven.org/maven2'] },
  { ecosystem: 'NuGet', type: 'nuget', nameStyle: 'name' },
  { ecosystem: 'RubyGems', type: 'gem', nameStyle: 'name' },
  { ecosystem: 'Packagist', type: 'composer', nameStyle: 'vendor', defaultRepositories: ['https://packagist.org', 'https://repo.packagist.org'] },
  { ecosystem: 'Hex', type: 'hex', nameStyle: 'scoped' },
  { ecosystem: 'Pub', type: 'pub', nameStyle: 'name' },
  { ecosystem: 'Hackage', type: 'hackage', nameStyle: 'name' },
  { ecosystem: 'CRAN', type: 'cran', nameStyle: 'name' },
  { ecosystem: 'opam', type: 'opam', nameStyle: 'name' },
  { ecosystem: 'Julia', type: 'julia', nameStyle: 'name' },
  { ecosystem: 'Bitnami', type: 'bitnami', nameStyle: 'name' },
  { ecosystem: 'SwiftURL', type: 'swift', nameStyle: 'path' },
  { ecosystem: 'ConanCenter', type: 'conan', nameStyle: 'name' },
  {
    ecosystem: 'VSCode',
    type: 'vscode-extension',
    nameStyle: 'publisher',
    defaultRepositories: ['https://marketplace.visualstudio.com/vscode'],
  },
  // GitHub's dependency graph writes actions as pkg:githubactions/owner/repo (not a
  // registered purl type). The registered `github` type names any repository, not an
  // action, so it is not mapped.
  { ecosystem: 'GitHub Actions', type: 'githubactions', nameStyle: 'action' },
  { ecosystem: 'Debian', type: 'deb', nameStyle: 'name', namespace: 'debian', releases: debianReleases, sourceArch: 'source' },
  { ecosystem: 'Ubuntu', type: 'deb', nameStyle: 'name', namespace: 'ubuntu', releases: ubuntuReleases, sourceArch: 'source' },
  { ecosystem: 'Alpine', type: 'apk', nameStyle: 'name', namespace: 'alpine', releases: alpineReleases, sourceArch: 'source' },
  { ecosystem: 'Wolfi', type: 'apk', nameStyle: 'name', namespace: 'wolfi' },
  { ecosystem: 'Chainguard', type: 'apk', nameStyle: 'name', namespace: 'chainguard' },
  { ecosystem: 'Red Hat', type: 'rpm', nameStyle: 'name', namespace: 'redhat', namespaceAliases: ['rhel'], releases: redHatReleases },
  {
    ecosystem: 'Rocky Linux',
    type: 'rpm',
    nameStyle: 'name',
    namespace: 'rocky-linux',
    namespaceAliases: ['rocky', 'rockylinux'],
    releases: majorReleases('rocky-', 'rocky-linux-', 'rockylinux-'),
  },
  {
    ecosystem: 'AlmaLinux',
    type: 'rpm',
    nameStyle: 'name',
    namespace: 'almalinux',
    namespaceAliases: ['alma'],
    releases: majorReleases('almalinux-', 'alma-'),
  },
  { ecosystem: 'openSUSE', type: 'rpm', nameStyle: 'name', namespace: 'opensuse', releases: openSuseReleases },
  { ecosystem: 'SUSE', type: 'rpm', nameStyle: 'name', namespace: 'suse', namespaceAliases: ['sles'], releases: suseReleases },
  { ecosystem: 'Mageia', type: 'rpm', nameStyle: 'name', namespace: 'mageia', releases: majorReleases('mageia-') },
  { ecosystem: 'Photon OS', type: 'rpm', nameStyle: 'name', namespace: 'photon', releases: photonReleases },
];

/**
 * The OSV ecosystem and package name a purl names, with its release stream.
 *
 * @example ecosystemForPurl({ type: 'maven', namespace: 'org.apache', name: 'commons' }) // { ecosystem: 'Maven', name: 'org.apache:commons', ... }
 */
export function ecosystemForPurl(purl: Purl): PurlEcosystemResult {
  const entry = entryForPurl(purl);
  if (entry === undefined) {
    const where = purl.namespace === undefined ? purl.type : `${purl.type}/${purl.namespace}`;
    return { error: `no OSV ecosystem for pkg:${where}` };
  }
  const name = osvName(entry, purl);
  if (name === undefined) return { error: `pkg:${purl.type} purls for ${entry.ecosystem} ${namespaceRule(entry.nameStyle)}` };

  const result: PurlEcosystem = { ecosystem: entry.ecosystem, name, streamStatus: 'none', osvEcosystem: entry.ecosystem };
  if (purl.version !== undefined) result.version = purl.version;
  const stream = streamOf(entry, purl);
  if (stream !== undefined) {
    result.streamStatus = stream.status;
    if (stream.value !== undefined) {
      result.stream = stream.value;
      result.osvEcosystem = `${entry.ecosystem}:${stream.value}`;
    }
  }
  return result;
}

/**
 * The purl for an OSV package; `ecosystem` may carry a stream (`Debian:12`), which
 * becomes the `distro` or `repository_url` qualifier. Extra qualifiers are for what
 * a type requires and OSV does not name, such as Julia's `uuid`.
 *
 * @example purlForPackage('Debian:12', 'openssl', '3.0.11-1') // pkg:deb/debian/openssl@3.0.11-1?arch=source&distro=debian-12
 */
export function purlForPackage(
  ecosystem: string,
  name: string,
  version?: string,
  qualifiers: Readonly<Record<string, string>> = {},
): PurlResult {
  const colon = ecosystem.indexOf(':');
  const base = colon === -1 ? ecosystem : ecosystem.slice(0, colon);
  const stream = colon === -1 ? undefined : ecosystem.slice(colon + 1);
  const entry = ECOSYSTEMS.find((e) => e.ecosystem === base);
  if (entry === undefined) return { ok: false, error: `no purl type for OSV ecosystem "${base}"` };

  const split = purlNameParts(entry.nameStyle, name);
  if (split === undefined) return { ok: false, error: `"${name}" is not a ${entry.ecosystem} package name` };
  const all: Record<string, string> = { ...qualifiers };
  if (entry.sourceArch !== undefined) all.arch ??= entry.sourceArch;
  if (stream !== undefined) {
    const written = streamQualifier(entry, stream);
    if (written === undefined) return { ok: false, error: `"${stream}" is not a ${entry.ecosystem} stream this map can write as a purl` };
    all[written.key] = written.value;
  }
  return buildPurl({ type: entry.type, namespace: entry.namespace ?? split.namespace, name: split.name, version, qualifiers: all });
}

function entryForPurl(purl: Purl): EcosystemEntry | undefined {
  const candidates = ECOSYSTEMS.filter((e) => e.type === purl.type);
  const distro = candidates.find(
    (e) => e.namespace !== undefined && (e.namespace === purl.namespace || e.namespaceAliases?.includes(purl.namespace ?? '')),
  );
  return distro ?? candidates.find((e) => e.namespace === undefined);
}

function osvName(entry: EcosystemEntry, purl: Purl): string | undefined {
  const { namespace, name } = purl;
  switch (entry.nameStyle) {
    case 'name':
      // A distro's namespace is its vendor, already matched; elsewhere a namespace means another registry.
      return entry.namespace !== undefined || namespace === undefined ? name : undefined;
    case 'scoped':
      return namespace === undefined ? name : `${namespace}/${name}`;
    case 'path':
    case 'vendor':
      return namespace === undefined ? undefined : `${namespace}/${name}`;
    case 'maven':
      return namespace === undefined ? undefined : `${namespace}:${name}`;
    case 'publisher':
      return namespace === undefined ? undefined : `${namespace}.${name}`;
    case 'action': {
      // owner/repo[/path]: advisories are per repository, not per action path.
      const segments = namespace === undefined ? [] : [...namespace.split('/'), name];
      return segments.length < 2 ? undefined : segments.slice(0, 2).join('/');
    }
  }
}

function namespaceRule(style: NameStyle): string {
  return style === 'name' ? 'take no namespace' : 'need a namespace';
}

function purlNameParts(style: NameStyle, name: string): { namespace?: string; name: string } | undefined {
  const cut = (at: number, width = 1) =>
    at <= 0 || at + width >= name.length ? undefined : { namespace: name.slice(0, at), name: name.slice(at + width) };
  switch (style) {
    case 'name':
      return { name };
    case 'scoped':
      return name.includes('/') ? cut(name.lastIndexOf('/')) : { name };
    case 'path':
    case 'action':
      return cut(name.lastIndexOf('/'));
    case 'vendor':
      return cut(name.indexOf('/'));
    case 'maven':
      return cut(name.indexOf(':'));
    case 'publisher':
      return cut(name.indexOf('.'));
  }
}

function streamOf(entry: EcosystemEntry, purl: Purl): { status: 'none' | 'known' | 'unknown'; value?: string } | undefined {
  if (entry.defaultRepositories !== undefined) {
    // OSV writes the repository suffix without a trailing slash.
    const url = purl.qualifiers?.repository_url?.replace(/\/+$/, '');
    return url === undefined || entry.defaultRepositories.includes(url) ? undefined : { status: 'known', value: url };
  }
  if (entry.releases === undefined) return undefined;
  const distro = purl.qualifiers?.distro?.toLowerCase();
  const value = distro === undefined ? undefined : entry.releases.read(distro);
  return value === undefined ? { status: 'unknown' } : { status: 'known', value };
}

/** The qualifier that carries a stream, only if reading it back gives the same stream. */
function streamQualifier(entry: EcosystemEntry, stream: string): { key: string; value: string } | undefined {
  if (entry.defaultRepositories !== undefined) {
    return /^https?:\/\/\S+$/.test(stream) ? { key: 'repository_url', value: stream } : undefined;
  }
  const value = entry.releases?.write(stream);
  return value !== undefined && value !== '' && entry.releases?.read(value) === stream ? { key: 'distro', value } : undefined;
}
