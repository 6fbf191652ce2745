import { asArray, asObject, asText, pointer } from '../cve/json.js';
import { titleFrom, uniqueTexts } from './finding-text.js';
import type { IntakeError, IntakeResult } from './intake-error.js';
import { mergeByProduct } from './osv-findings.js';
import type { AffectedProduct, CodeLocation, Finding, ReportDraft } from './report-draft.js';
import { readReportPurl, withoutVersion } from './report-purl.js';
import { cweOfTaxonId, cwesInText } from './weakness.js';

type Json = Record<string, unknown>;

/**
 * Result kinds that report no problem (SARIF 2.1.0 §3.27.9): `pass` says a rule was checked
 * and held, `notApplicable` that it did not apply. They are not findings.
 */
const NOT_PROBLEMS = new Set(['pass', 'notApplicable']);

/**
 * A SARIF 2.1.0 log that passed the schema, as a report with one finding per result
 * (results of kind `pass` and `notApplicable` report no problem and are left out):
 * - title: the rule's short description, else the result's message, else the rule id;
 * - description: the message (its Markdown form where given), with a message given by id
 *   looked up in the rule's (or the tool's) message strings and its arguments filled in (§3.11);
 * - CWEs: the rule's and result's `properties.tags` (`external/cwe/cwe-79`, `CWE-79: …`) and
 *   `properties.cwe`, and rule relationships and result taxa that point into a CWE taxonomy;
 * - identifiers: the rule id;
 * - locations: each location's artifact URI (resolved through `originalUriBaseIds` where the log
 *   gives a base URI), start and end line, and the logical location's name as the symbol; a
 *   location without an artifact URI is left out;
 * - partialFingerprints, fingerprints and codeFlows as given; stacks written out as a stack trace;
 * - affected: only purls the run's or result's properties name (`purl`, `purls`): SARIF has no
 *   field for the package a result is in.
 * The report's tool is the first run's driver.
 */
export function draftFromSarif(log: unknown): IntakeResult<ReportDraft> {
  const errors: IntakeError[] = [];
  const runs = asArray(asObject(log)?.['runs']).map((run) => asObject(run) ?? {});
  const findings = runs.flatMap((run, r) => runFindings(run, pointer('/runs', r), errors));
  if (errors.length > 0) return { ok: false, errors };
  const driver = asObject(asObject(runs[0]?.['tool'])?.['driver']);
  const name = asText(driver?.['name']);
  const version = asText(driver?.['version']) ?? asText(driver?.['semanticVersion']);
  const tool = name === undefined ? undefined : { name, ...(version === undefined ? {} : { version }) };
  return { ok: true, value: { format: 'sarif', findings, ...(tool === undefined ? {} : { tool }) } };
}

function runFindings(run: Json, path: string, errors: IntakeError[]): Finding[] {
  const context = new RunContext(run);
  const runProducts = propertyPurls(asObject(run['properties']), `${path}/properties`, errors);
  return asArray(run['results']).flatMap((raw, i): Finding[] => {
    const result = asObject(raw) ?? {};
    if (NOT_PROBLEMS.has(String(result['kind']))) return [];
    const resultPath = pointer(`${path}/results`, i);
    const rule = context.ruleOf(result);
    const ruleId = asText(result['ruleId']) ?? asText(asObject(result['rule'])?.['id']) ?? asText(rule?.['id']);
    const message = context.message(asObject(result['message']), rule);
    const stackTrace = asArray(result['stacks']).map((stack) => context.stackText(asObject(stack) ?? {})).filter((s) => s !== '').join('\n\n');
    const finding: Finding = {
      title: titleFrom(asText(asObject(rule?.['shortDescription'])?.['text']), message.text, asText(rule?.['name']), ruleId) ?? 'SARIF result',
      description: message.markdown ?? message.text ?? '',
      affected: mergeByProduct([...runProducts, ...propertyPurls(asObject(result['properties']), `${resultPath}/properties`, errors)]),
      cwes: uniqueTexts([
        ...propertyCwes(asObject(rule?.['properties'])),
        ...propertyCwes(asObject(result['properties'])),
        ...asArray(rule?.['relationships']).map((rel) => context.cweOf(asObject(asObject(rel)?.['target']))),
        ...asArray(result['taxa']).map((taxon) => context.cweOf(asObject(taxon))),
      ]),
      cvssVectors: [],
      identifiers: uniqueTexts([ruleId]),
      locations: asArray(result['locations']).flatMap((location) => context.location(asObject(location) ?? {})),
      partialFingerprints: stringMap(result['partialFingerprints']),
      fingerprints: stringMap(result['fingerprints']),
      codeFlows: asArray(result['codeFlows']),
      ...(stackTrace === '' ? {} : { stackTrace }),
    };
    return [finding];
  });
}

/** What a run's results refer to by index or id: rules, message strings, artifacts, URI bases, logical locations, taxonomies. */
class RunContext {
  private readonly driver: Json;
  private readonly extensions: Json[];

  constructor(private readonly run: Json) {
    const tool = asObject(run['tool']);
    this.driver = asObject(tool?.['driver']) ?? {};
    this.extensions = asArray(tool?.['extensions']).map((e) => asObject(e) ?? {});
  }

  /**
   * The rule a result reports against (§3.27.5–3.27.7): by index, else by id, in the tool
   * component the result names (the driver unless `rule.toolComponent` says an extension).
   * A hierarchical id (`CA2101/1`) falls back to its first part; a rule found in no component
   * named is looked for in every extension, where CodeQL keeps its query packs' rules.
   */
  ruleOf(result: Json): Json | undefined {
    const reference = asObject(result['rule']);
    const componentIndex = asObject(reference?.['toolComponent'])?.['index'];
    const component = typeof componentIndex === 'number' ? this.extensions[componentIndex] : this.driver;
    const rules = asArray(component?.['rules']).map((rule) => asObject(rule) ?? {});
    const index = reference?.['index'] ?? result['ruleIndex'];
    if (typeof index === 'number' && index >= 0 && rules[index] !== undefined) return rules[index];
    const id = asText(result['ruleId']) ?? asText(reference?.['id']);
    if (id === undefined) return undefined;
    const all = [...rules, ...this.extensions.flatMap((e) => asArray(e['rules']).map((rule) => asObject(rule) ?? {}))];
    return all.find((rule) => rule['id'] === id) ?? all.find((rule) => rule['id'] === id.split('/')[0]);
  }

  /** A message's text and Markdown, looked up by id where it gives none (§3.11.7) and with its `{n}` placeholders filled in. */
  message(message: Json | undefined, rule: Json | undefined): { text?: string; markdown?: string } {
    const id = asText(message?.['id']);
    const fromStrings = id === undefined ? undefined : (asObject(asObject(rule?.['messageStrings'])?.[id]) ?? asObject(asObject(this.driver['globalMessageStrings'])?.[id]));
    const args = asArray(message?.['arguments']).map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
    const fill = (template: string | undefined): string | undefined =>
      template?.replace(/\{\{|\}\}|\{(\d+)\}/g, (match, n: string | undefined) => (n === undefined ? match[0] ?? '' : (args[Number(n)] ?? match)));
    const text = fill(asText(message?.['text']) ?? asText(fromStrings?.['text']));
    const markdown = fill(asText(message?.['markdown']) ?? asText(fromStrings?.['markdown']));
    return { ...(text === undefined ? {} : { text }), ...(markdown === undefined ? {} : { markdown }) };
  }

  /** A result location as a code location: none when it names no artifact URI. */
  location(location: Json): CodeLocation[] {
    const physical = asObject(location['physicalLocation']);
    const uri = this.artifactUri(asObject(physical?.['artifactLocation']));
    if (uri === undefined) return [];
    const region = asObject(physical?.['region']);
    const startLine = region?.['startLine'];
    const endLine = region?.['endLine'];
    const symbol = this.symbolOf(location);
    return [
      {
        uri,
        ...(typeof startLine === 'number' ? { startLine } : {}),
        ...(typeof endLine === 'number' ? { endLine } : {}),
        ...(symbol === undefined ? {} : { symbol }),
      },
    ];
  }

  /** A stack (§3.44) as text: its message, then one line per frame, innermost first as SARIF orders them. */
  stackText(stack: Json): string {
    const lines = uniqueTexts([asText(asObject(stack['message'])?.['text'])]);
    for (const raw of asArray(stack['frames'])) {
      const frame = asObject(raw) ?? {};
      const location = asObject(frame['location']) ?? {};
      const [place] = this.location(location);
      const where = place === undefined ? '' : ` (${place.uri}${place.startLine === undefined ? '' : `:${place.startLine}`})`;
      const module = asText(frame['module']);
      const note = asText(asObject(location['message'])?.['text']);
      lines.push(`    at ${this.symbolOf(location) ?? '<unknown>'}${where}${module === undefined ? '' : ` in ${module}`}${note === undefined ? '' : `: ${note}`}`);
    }
    return lines.join('\n');
  }

  /** The CWE id a reference into a taxonomy names, when that taxonomy is CWE (by name, index or guid). */
  cweOf(reference: Json | undefined): string | undefined {
    const id = asText(reference?.['id']);
    if (id === undefined) return undefined;
    const component = asObject(reference?.['toolComponent']);
    const taxonomies = asArray(this.run['taxonomies']).map((t) => asObject(t) ?? {});
    const index = component?.['index'];
    const guid = asText(component?.['guid'])?.toLowerCase();
    const names = [
      asText(component?.['name']),
      typeof index === 'number' ? asText(taxonomies[index]?.['name']) : undefined,
      guid === undefined ? undefined : asText(taxonomies.find((t) => asText(t['guid'])?.toLowerCase() === guid)?.['name']),
    ];
    return names.some((name) => name?.toUpperCase() === 'CWE') ? cweOfTaxonId(id) : undefined;
  }

  /** An artifact location's URI: given or by artifact index (§3.4.5), resolved against its base (§3.4.4) when the base has a URI. */
  private artifactUri(artifactLocation: Json | undefined): string | undefined {
    const index = artifactLocation?.['index'];
    const fromArtifacts = typeof index === 'number' ? asObject(asObject(asArray(this.run['artifacts'])[index])?.['location']) : undefined;
    const located = asText(artifactLocation?.['uri']) === undefined && fromArtifacts !== undefined ? fromArtifacts : artifactLocation;
    const uri = asText(located?.['uri']);
    return uri === undefined ? undefined : this.resolve(uri, asText(located?.['uriBaseId']), new Set());
  }

  private resolve(uri: string, baseId: string | undefined, seen: ReadonlySet<string>): string {
    if (baseId === undefined || seen.has(baseId) || /^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/')) return uri;
    const base = asObject(asObject(this.run['originalUriBaseIds'])?.[baseId]);
    const baseUri = asText(base?.['uri']);
    if (baseUri === undefined) return uri;
    const resolvedBase = this.resolve(baseUri, asText(base?.['uriBaseId']), new Set(seen).add(baseId));
    return resolvedBase.endsWith('/') ? `${resolvedBase}${uri.replace(/^\.\/?/, '')}` : `${resolvedBase}/${uri}`;
  }

  /** The fully qualified name (else the name) of a location's first logical location, given or by index into the run's. */
  private symbolOf(location: Json): string | undefined {
    const logical = asObject(asArray(location['logicalLocations'])[0]);
    if (logical === undefined) return undefined;
    const index = logical['index'];
    const listed = typeof index === 'number' ? asObject(asArray(this.run['logicalLocations'])[index]) : undefined;
    return asText(logical['fullyQualifiedName']) ?? asText(logical['name']) ?? asText(listed?.['fullyQualifiedName']) ?? asText(listed?.['name']);
  }
}

/** CWE ids in a property bag's `tags` (one or more per tag) and `cwe` (a string, a list, or numbers as Fortify writes them). */
function propertyCwes(properties: Json | undefined): string[] {
  const tags = asArray(properties?.['tags']).flatMap((tag) => (typeof tag === 'string' ? cwesInText(tag) : []));
  const cwe = properties?.['cwe'];
  const listed = (Array.isArray(cwe) ? cwe : [cwe]).flatMap((c) => (typeof c === 'string' || typeof c === 'number' ? cwesInText(String(c), { bareNumbers: true }) : []));
  return [...tags, ...listed];
}

/** Packages a property bag names by `purl` (one) or `purls` (a list): purls without version, the version kept as written. */
function propertyPurls(properties: Json | undefined, path: string, errors: IntakeError[]): AffectedProduct[] {
  const given: [string, unknown][] = [
    [`${path}/purl`, properties?.['purl']],
    ...asArray(properties?.['purls']).map((p, i): [string, unknown] => [pointer(`${path}/purls`, i), p]),
  ];
  return given.flatMap(([where, value]): AffectedProduct[] => {
    if (typeof value !== 'string') return [];
    const read = readReportPurl(value, { registeredTypeOnly: false });
    if (!read.ok) {
      errors.push({ path: where, message: read.error });
      return [];
    }
    const { purl, version } = withoutVersion(read.purl);
    return [{ purl, versions: version === undefined ? [] : [version] }];
  });
}

/** A SARIF fingerprint map (string → string), kept as given; the schema guarantees string values, this keeps only those. */
function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(asObject(value) ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
