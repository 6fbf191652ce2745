import { scheme as alpine } from './alpine/index.js';
import { scheme as alpm } from './alpm/index.js';
import { scheme as conan } from './conan/index.js';
import { scheme as cran } from './cran/index.js';
import { scheme as debian } from './debian/index.js';
import { scheme as gentoo } from './gentoo/index.js';
import { scheme as go } from './go/index.js';
import { scheme as hackage } from './hackage/index.js';
import { scheme as maven } from './maven/index.js';
import { scheme as nuget } from './nuget/index.js';
import { scheme as opam } from './opam/index.js';
import { scheme as openssl } from './openssl/index.js';
import { scheme as packagist } from './packagist/index.js';
import { scheme as pub } from './pub/index.js';
import { scheme as pypi } from './pypi/index.js';
import { scheme as rpm } from './rpm/index.js';
import { scheme as rubygems } from './rubygems/index.js';
import { scheme as semver } from './semver/index.js';
import type { VersionScheme } from './version-scheme.js';

/**
 * Every version scheme, by id. A scheme is registered here and nowhere else;
 * the contract test checks each one implements the whole interface and that
 * its id equals its folder name.
 */
export const versionSchemes: ReadonlyMap<string, VersionScheme> = new Map<string, VersionScheme>([
  [alpine.id, alpine],
  [alpm.id, alpm],
  [conan.id, conan],
  [cran.id, cran],
  [debian.id, debian],
  [gentoo.id, gentoo],
  [go.id, go],
  [hackage.id, hackage],
  [maven.id, maven],
  [nuget.id, nuget],
  [opam.id, opam],
  [openssl.id, openssl],
  [packagist.id, packagist],
  [pub.id, pub],
  [pypi.id, pypi],
  [rpm.id, rpm],
  [rubygems.id, rubygems],
  [semver.id, semver],
] as [string, VersionScheme][]);
