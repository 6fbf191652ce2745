import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import AjvModule from 'ajv';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** A validation outcome: errors are `<JSON Pointer> <message>` lines. */
export type SchemaValidation = { ok: true } | { ok: false; errors: string[] };

// ajv and ajv-formats are CommonJS with `exports.default`; under NodeNext the default import is the module object.
const Ajv07 = AjvModule.default;
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** Reads a vendored schema from the repository's `schemas/` folder. */
function readSchema(relative: string): object {
  return JSON.parse(readFileSync(new URL(`../../../schemas/${relative}`, import.meta.url), 'utf8')) as object;
}

/** Compiles on first use and keeps the function: compiling costs far more than validating. */
function lazy(compile: () => ValidateFunction): () => ValidateFunction {
  let fn: ValidateFunction | undefined;
  return () => (fn ??= compile());
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
