/**
 * SPDX 2.x tag-value, read by hand: there is no schema for it and no maintained JavaScript
 * parser (the SPDX tools that read it are Java, Python and Go). Only what this reader needs is
 * kept: the document's required fields, and each package's name, SPDXID, version and external
 * references. Required fields are checked with the line at fault.
 */
import { ComponentCollector } from './component-collector.js';
import { failure } from './sbom-errors.js';
import { addSpdxPackage, spdxVersionOf, unsupportedSpdxVersion } from './spdx-package.js';
import type { SpdxExternalRef } from './spdx-package.js';
import type { ParsedSbom, ReadSbomResult, SbomError } from './types.js';

interface Field {
  tag: string;
  value: string;
  line: number;
}

interface TagValuePackage {
  line: number;
  name: string;
  spdxId?: Field;
  version?: string;
  externalRefs: SpdxExternalRef[];
}

/** Document creation fields required once each (SPDX 2.2 clause 2, 2.3 clause 6); `Creator`, also required, may repeat. */
const REQUIRED_DOCUMENT_FIELDS = ['SPDXVersion', 'DataLicense', 'SPDXID', 'DocumentName', 'DocumentNamespace', 'Created'] as const;

/** Tags that open a new element: what follows, up to the next of these, describes it. */
const ELEMENT_TAGS: Readonly<Record<string, 'package' | 'file' | 'snippet' | 'license'>> = {
  PackageName: 'package',
  FileName: 'file',
  SnippetSPDXID: 'snippet',
  LicenseID: 'license',
};

const TAG_LINE = /^([A-Za-z][A-Za-z0-9_-]*):[ \t]*(.*)$/;

/** Reads an SPDX tag-value document. */
export function readSpdxTagValue(text: string): ReadSbomResult {
  const lines = text.split(/\r\n|\n|\r/);
  const errors: SbomError[] = [];
  const documentFields = new Map<string, Field>();
  let creators = 0;
  const packages: TagValuePackage[] = [];
  let element: 'document' | 'package' | 'file' | 'snippet' | 'license' = 'document';

  for (const field of fields(lines, errors)) {
    const opens = ELEMENT_TAGS[field.tag];
    if (opens !== undefined) {
      element = opens;
      if (opens === 'package') packages.push({ line: field.line, name: field.value, externalRefs: [] });
      continue;
    }
    const pkg = element === 'package' ? packages[packages.length - 1] : undefined;
    if (pkg !== undefined) {
      readPackageField(pkg, field, errors);
    } else if (element === 'document') {
      if (field.tag === 'Creator') creators++;
      if (!(REQUIRED_DOCUMENT_FIELDS as readonly string[]).includes(field.tag)) continue;
      const earlier = documentFields.get(field.tag);
      if (earlier !== undefined) errors.push({ path: `line ${field.line}`, message: `${field.tag} appears again (first on line ${earlier.line})` });
      else documentFields.set(field.tag, field);
    }
  }

  const version = documentFields.get('SPDXVersion');
  if (version !== undefined && spdxVersionOf(version.value) === undefined) {
    return failure([{ path: `line ${version.line}`, message: unsupportedSpdxVersion(version.value) }]);
  }
  for (const tag of REQUIRED_DOCUMENT_FIELDS) {
    const field = documentFields.get(tag);
    if (field === undefined) errors.push({ path: 'line 1', message: `the document has no ${tag}` });
    else if (field.value === '') errors.push({ path: `line ${field.line}`, message: `${tag} is empty` });
  }
  if (creators === 0) errors.push({ path: 'line 1', message: 'the document has no Creator' });
  for (const pkg of packages) {
    if (pkg.name === '') errors.push({ path: `line ${pkg.line}`, message: 'PackageName is empty' });
    if (pkg.spdxId === undefined) errors.push({ path: `line ${pkg.line}`, message: `package "${pkg.name}" has no SPDXID` });
    else if (pkg.spdxId.value === '') errors.push({ path: `line ${pkg.spdxId.line}`, message: 'SPDXID is empty' });
  }
  if (errors.length > 0) return failure(errors.sort((a, b) => lineOf(a) - lineOf(b)));

  const collector = new ComponentCollector();
  for (const pkg of packages) {
    addSpdxPackage(collector, { path: `line ${pkg.line}`, spdxId: pkg.spdxId?.value, name: pkg.name, version: pkg.version, externalRefs: pkg.externalRefs });
  }
  const sbom: ParsedSbom = {
    format: 'SPDX',
    specVersion: spdxVersionOf(version!.value)!,
    encoding: 'tag-value',
    name: documentFields.get('DocumentName')!.value,
    components: collector.components,
    warnings: collector.warnings,
  };
  return { ok: true, sbom };
}

function readPackageField(pkg: TagValuePackage, field: Field, errors: SbomError[]): void {
  switch (field.tag) {
    case 'SPDXID':
      if (pkg.spdxId === undefined) pkg.spdxId = field;
      else errors.push({ path: `line ${field.line}`, message: `package "${pkg.name}" has a second SPDXID (first on line ${pkg.spdxId.line})` });
      break;
    case 'PackageVersion':
      pkg.version = field.value;
      break;
    case 'ExternalRef': {
      // `ExternalRef: <category> <type> <locator>`; the locator holds no spaces.
      const parts = field.value.split(/\s+/);
      if (parts.length !== 3) {
        errors.push({ path: `line ${field.line}`, message: 'ExternalRef must be "<category> <type> <locator>"' });
        break;
      }
      const [category, type, locator] = parts as [string, string, string];
      pkg.externalRefs.push({ category, type, locator, locatorPath: `line ${field.line}` });
      break;
    }
    default:
      break;
  }
}

/**
 * The document's `Tag: value` fields in order. Blank lines and `#` comments are skipped; a value
 * that opens with `<text>` runs to the matching `</text>`, across lines.
 */
function* fields(lines: readonly string[], errors: SbomError[]): Generator<Field> {
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = TAG_LINE.exec(line);
    if (match === null) {
      errors.push({ path: `line ${index + 1}`, message: 'expected "Tag: value"' });
      continue;
    }
    const tag = match[1]!;
    let value = match[2]!;
    const start = index + 1;
    if (value.startsWith('<text>')) {
      const parts = [value.slice('<text>'.length)];
      while (!parts[parts.length - 1]!.includes('</text>') && index + 1 < lines.length) parts.push(lines[++index]!);
      const joined = parts.join('\n');
      const close = joined.indexOf('</text>');
      if (close === -1) {
        errors.push({ path: `line ${start}`, message: `the <text> value of ${tag} is never closed with </text>` });
        return;
      }
      value = joined.slice(0, close);
    }
    yield { tag, value: value.trim(), line: start };
  }
}

function lineOf(error: SbomError): number {
  return Number(error.path.replace('line ', ''));
}
