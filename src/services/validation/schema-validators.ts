import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import AjvModule from 'ajv';
import Ajv2019Module from 'ajv/dist/2019.js';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { canonicalJson } from '../../domain/canonical-json.js';

/** A validation outcome: errors are `<JSON Pointer> <message>` lines. */
export type SchemaValidation = { ok: true } | { ok: false; errors: string[] };

// ajv and ajv-formats are CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv07 = AjvModule.default;
const Ajv2019 = Ajv2019Module.default;
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;
// ajv-formats-draft2019 ships no type declarations; it provides the `idn-email` format the CycloneDX schemas use.
const addFormats2019 = createRequire(import.meta.url)('ajv-formats-draft2019') as (ajv: InstanceType<typeof Ajv07>, options: { formats: string[] }) => void;

/** Reads a vendored schema from the repository's `schemas/` folder. */
function readSchema(relative: string): object {
  return JSON.parse(readFileSync(new URL(`../../../schemas/${relative}`, import.meta.url), 'utf8')) as object;
}

/** Builds on first use and keeps the result: compiling costs far more than validating. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

function formatError(e: ErrorObject): string {
  const where = e.instancePath === '' ? '/' : e.instancePath;
  const params = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})` : '';
  return `${where} ${e.message ?? e.keyword}${params}`;
}

function run(validate: ValidateFunction, data: unknown): SchemaValidation {
  if (validate(data)) return { ok: true };
  return { ok: false, errors: [...new Set((validate.errors ?? []).map(formatError))] };
}

const osv = lazy(() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(readSchema('osv/schema.json'));
});

// The CVE schema is draft-07; its `uri` and `date-time` formats are checked as well.
const cve = lazy(() => {
  const ajv = new Ajv07({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(readSchema('cve/CVE_JSON_bundled_5.1.1.json'));
});

// The KEV schema says draft-07 but keeps its definitions under `$defs`, which ajv's draft-07 mode also resolves.
const kev = lazy(() => {
  const ajv = new Ajv07({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(readSchema('kev/known_exploited_vulnerabilities_schema.json'));
});

/** Validates an OSV record against the official OSV JSON Schema (schemas/osv/schema.json). */
export function validateOsv(record: unknown): SchemaValidation {
  return run(osv(), record);
}

/** Validates a CVE JSON 5.x record against the CVE Record Format 5.1.1 schema. */
export function validateCve(record: unknown): SchemaValidation {
  return run(cve(), record);
}

/** Validates a whole CISA KEV catalog against CISA's published schema. */
export function validateKev(catalog: unknown): SchemaValidation {
  return run(kev(), catalog);
}

/** CycloneDX versions whose JSON schemas are vendored in schemas/cyclonedx/. */
export type CycloneDxJsonVersion = '1.4' | '1.5' | '1.6';

/** SPDX 2.x versions whose JSON schemas are vendored in schemas/spdx/. */
export type SpdxJsonVersion = '2.2' | '2.3';

/**
 * One draft-07 ajv for all CycloneDX versions: the BOM schemas `$ref` spdx.schema.json and
 * jsf-0.82.schema.json by their `$id`s, registered here so nothing is fetched. Formats as the
 * CycloneDX library sets them: `iri-reference` is accepted as written, because no JS
 * implementation of it is correct (the library says so and does the same).
 */
const cycloneDxAjv = lazy(() => {
  const ajv = new Ajv07({ allErrors: true, strict: false });
  addFormats(ajv);
  addFormats2019(ajv, { formats: ['idn-email'] });
  ajv.addFormat('iri-reference', true);
  ajv.addKeyword({ keyword: UNIQUE_ITEMS_BY_KEY, type: 'array', schemaType: 'boolean', errors: true, validate: uniqueItemsByKey });
  ajv.addSchema(readSchema('cyclonedx/spdx.schema.json'));
  ajv.addSchema(readSchema('cyclonedx/jsf-0.82.schema.json'));
  return ajv;
});

const compileCycloneDx = (file: string): ValidateFunction => cycloneDxAjv().compile(withLinearUniqueItems(readSchema(file)));

const cycloneDx: Record<CycloneDxJsonVersion, () => ValidateFunction> = {
  '1.4': lazy(() => compileCycloneDx('cyclonedx/bom-1.4.schema.json')),
  '1.5': lazy(() => compileCycloneDx('cyclonedx/bom-1.5.schema.json')),
  '1.6': lazy(() => compileCycloneDx('cyclonedx/bom-1.6.schema.json')),
};

/*
 * ajv checks `uniqueItems` on arrays of objects by comparing every pair: minutes for a BOM with
 * tens of thousands of components. The CycloneDX schemas are compiled with it renamed to a keyword
 * that gives the same answer in linear time, by putting a canonical serialisation of each item in a Map.
 */
const UNIQUE_ITEMS_BY_KEY = 'uniqueItemsByKey';

function withLinearUniqueItems(schema: unknown): object {
  const rename = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rename);
    if (typeof node !== 'object' || node === null) return node;
    return Object.fromEntries(Object.entries(node).map(([key, value]) => (key === 'uniqueItems' && value === true ? [UNIQUE_ITEMS_BY_KEY, true] : [key, rename(value)])));
  };
  return rename(schema) as object;
}

/** Reports the first repeat as ajv's own `uniqueItems` does: `i` the later item, `j` the earlier. */
function uniqueItemsByKey(unique: boolean, items: unknown[]): boolean {
  if (!unique) return true;
  const firstIndex = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const key = canonicalJson(items[i]);
    const j = firstIndex.get(key);
    if (j !== undefined) {
      uniqueItemsByKey.errors = [{ keyword: 'uniqueItems', message: `must NOT have duplicate items (items ## ${j} and ${i} are identical)`, params: { i, j } }];
      return false;
    }
    firstIndex.set(key, i);
  }
  return true;
}
uniqueItemsByKey.errors = [] as Array<Partial<ErrorObject>>;

// SPDX 2.2's schema is draft-07, 2.3's draft 2019-09; neither uses formats.
const spdx: Record<SpdxJsonVersion, () => ValidateFunction> = {
  '2.2': lazy(() => new Ajv07({ allErrors: true, strict: false }).compile(readSchema('spdx/spdx-schema-2.2.json'))),
  '2.3': lazy(() => new Ajv2019({ allErrors: true, strict: false }).compile(readSchema('spdx/spdx-schema-2.3.json'))),
};

/** Validates a CycloneDX JSON BOM against the official schema of its spec version. */
export function validateCycloneDx(version: CycloneDxJsonVersion, bom: unknown): SchemaValidation {
  return run(cycloneDx[version](), bom);
}

/** Validates an SPDX 2.x JSON document against the official schema of its version. */
export function validateSpdx(version: SpdxJsonVersion, document: unknown): SchemaValidation {
  return run(spdx[version](), document);
}

/**
 * OpenVEX publishes one schema, for v0.2.0. Its `iri` format is checked as "scheme, colon, no
 * characters RFC 3987 forbids": ajv-formats has no `iri`, and ajv-formats-draft2019's accepts
 * only IANA-registered schemes, which rejects the purls (`pkg:`) OpenVEX names products by.
 */
const openVex = lazy(() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addFormat('iri', /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i);
  return ajv.compile(readSchema('openvex/openvex_json_schema.json'));
});

/** Validates an OpenVEX v0.2.0 document against the official OpenVEX JSON Schema. */
export function validateOpenVex(document: unknown): SchemaValidation {
  return run(openVex(), document);
}

// The SARIF 2.1.0 schema declares draft 2020-12 but keeps its definitions under `definitions`, which `$ref` reaches as a plain JSON Pointer.
const sarif = lazy(() => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(readSchema('sarif/sarif-2.1.0.json'));
});

/** Validates a SARIF 2.1.0 log against the OASIS SARIF 2.1.0 JSON Schema (schemas/sarif/sarif-2.1.0.json). */
export function validateSarif(log: unknown): SchemaValidation {
  return run(sarif(), log);
}
