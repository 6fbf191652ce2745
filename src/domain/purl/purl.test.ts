import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { readJson, sharedDataPath } from '../../testing/shared-data.js';
import { buildPurl, formatPurl, parsePurl, validatePurl } from './purl.js';
import type { Purl, PurlParts, PurlResult } from './purl.js';

/** Decoded components as the purl-spec tests write them: `null` for absent. */
interface SpecComponents {
  type: string | null;
  namespace: string | null;
  name: string | null;
  version: string | null;
  qualifiers: Record<string, string> | null;
  subpath: string | null;
}

/** One case of schemas/purl-test.schema-0.2.json. */
interface SpecCase {
  description: string;
  test_group: 'required' | 'recommended';
  test_type: 'parse' | 'build' | 'validate';
  input: string | SpecComponents;
  expected_output: string | SpecComponents | null;
  expected_failure?: boolean;
  expected_message?: string | null;
}

/**
 * A required case that contradicts the rest of the suite and ECMA-427 §5.6.6 ("the
 * key shall be composed only of lowercase ASCII letters…"): the same suite makes
 * strict parsing reject `?Platform=java` (gem) and `?Arch=…` (rpm), see
 * package-url/purl-spec#942 and #951, which fixed gem only. It is checked as a
 * recommended case: strict parsing refuses it, lenient parsing gives the expected output.
 */
const SUITE_CONFLICTS = [
  {
    file: 'maven-test.json',
    testType: 'parse',
    input: 'pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom&repositorY_url=repo.spring.io/release',
    reason: 'mixed-case qualifier key in a required parse case; strict parsing rejects it like the gem and rpm cases',
  },
] as const;

const specFiles = [
  sharedDataPath('purl', 'tests', 'spec', 'specification-test.json'),
  ...readdirSync(sharedDataPath('purl', 'tests', 'types'))
    .filter((file) => file.endsWith('-test.json'))
    .sort()
    .map((file) => sharedDataPath('purl', 'tests', 'types', file)),
];

/** The suite's components in our shape: absent components left out. */
function toPurl(components: SpecComponents): Purl {
  assert.ok(components.type !== null && components.name !== null, 'expected output names a type and a name');
  const purl: Purl = { type: components.type, name: components.name };
  if (components.namespace !== null) purl.namespace = components.namespace;
  if (components.version !== null) purl.version = components.version;
  if (components.qualifiers !== null) purl.qualifiers = components.qualifiers;
  if (components.subpath !== null) purl.subpath = components.subpath;
  return purl;
}

function asString(value: SpecCase['input'] | SpecCase['expected_output']): string {
  assert.equal(typeof value, 'string');
  return value as string;
}

function asComponents(value: SpecCase['input'] | SpecCase['expected_output']): SpecComponents {
  assert.ok(value !== null && typeof value === 'object');
  return value;
}

function runParse(c: SpecCase, lenient: boolean): void {
  const result = parsePurl(asString(c.input), { lenient });
  if (c.expected_failure === true) {
    assert.equal(result.ok, false, `should fail: ${c.expected_message ?? ''}`);
    return;
  }
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.deepEqual(result.purl, toPurl(asComponents(c.expected_output)));
}

function runBuild(c: SpecCase): void {
  const result = buildPurl(asComponents(c.input) satisfies PurlParts);
  if (c.expected_failure === true) {
    assert.equal(result.ok, false, `should fail: ${c.expected_message ?? ''}`);
    return;
  }
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.equal(formatPurl(result.purl), asString(c.expected_output));
}

function runValidate(c: SpecCase, lenient: boolean): void {
  const input = asString(c.input);
  const expected = asString(c.expected_output);
  const result = validatePurl(input, { lenient });
  assert.ok(result.ok, result.ok ? '' : result.error);
  assert.equal(result.canonical, expected);
  assert.equal(result.isCanonical, input === expected);
}

for (const path of specFiles) {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const { tests } = readJson<{ tests: SpecCase[] }>(path);

  describe(`purl-spec ${file}`, () => {
    test('holds cases', () => assert.ok(tests.length > 0));

    tests.forEach((c, index) => {
      // "recommended" cases show how to repair common defects: that is lenient parsing.
      const lenient = c.test_group === 'recommended';
      const conflict = SUITE_CONFLICTS.find(
        (k) => k.file === file && k.testType === c.test_type && k.input === c.input,
      );

      test(`${c.description} [${c.test_type}, ${c.test_group}, #${index}]`, () => {
        if (conflict !== undefined) {
          assert.equal(parsePurl(asString(c.input)).ok, false, conflict.reason);
          runParse(c, true);
        } else if (c.test_type === 'parse') {
          runParse(c, lenient);
        } else if (c.test_type === 'build') {
          runBuild(c);
        } else {
          runValidate(c, lenient);
        }
      });
    });
  });
}

test('every suite conflict names a case that exists', () => {
  for (const conflict of SUITE_CONFLICTS) {
    const { tests } = readJson<{ tests: SpecCase[] }>(sharedDataPath('purl', 'tests', 'types', conflict.file));
    assert.ok(tests.some((c) => c.test_type === conflict.testType && c.input === conflict.input), conflict.input);
  }
});

/** A case of the legacy test-suite-data.json. */
interface LegacyCase {
  description: string;
  purl: string;
  canonical_purl: string | null;
  type: string | null;
  namespace: string | null;
  name: string | null;
  version: string | null;
  qualifiers: Record<string, string> | null;
  subpath: string | null;
  is_invalid: boolean;
}

/**
 * Where the legacy suite disagrees with tests/ (and the type definitions tests/
 * follows). tests/ wins: each entry is the outcome checked instead, with why.
 */
const LEGACY_DISAGREEMENTS: Readonly<Record<string, { outcome: 'invalid' | { canonical: string }; reason: string }>> = {
  "invalid subpath - unencoded subpath cannot contain '..'": {
    outcome: { canonical: 'pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations' },
    reason: "legacy keeps a decoded '..' segment in the subpath component; how-to-parse and ECMA-427 §5.6.7 discard it (as legacy's own canonical does)",
  },
  "invalid subpath - unencoded subpath cannot contain '.'": {
    outcome: { canonical: 'pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations' },
    reason: "legacy keeps a decoded '.' segment in the subpath component; it is discarded, as above",
  },
  'maven often uses qualifiers': {
    outcome: { canonical: 'pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io%2Frelease' },
    reason: "'/' in a qualifier value is percent-encoded (tests/types/maven-test.json build cases, ECMA-427 §5.4)",
  },
  'maven pom reference': {
    outcome: { canonical: 'pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?extension=pom&repository_url=repo.spring.io%2Frelease' },
    reason: "'/' in a qualifier value is percent-encoded",
  },
  'invalid conan purl only namespace': {
    outcome: { canonical: 'pkg:conan/bincrafters/cctz@2.3' },
    reason: 'conan-definition.json makes namespace and the channel qualifier independently optional',
  },
  'invalid conan purl only channel qualifier': {
    outcome: { canonical: 'pkg:conan/cctz@2.3?channel=stable' },
    reason: 'conan-definition.json makes namespace and the channel qualifier independently optional',
  },
  'invalid cran purl without version': {
    outcome: { canonical: 'pkg:cran/A3' },
    reason: 'cran-definition.json makes the version optional',
  },
  'invalid swift purl without version': {
    outcome: { canonical: 'pkg:swift/github.com/Alamofire/Alamofire' },
    reason: 'swift-definition.json makes the version optional',
  },
  'minimal Hugging Face model': {
    outcome: 'invalid',
    reason: 'huggingface-definition.json requires a namespace; tests/types/huggingface-test.json now uses distilbert/distilbert-base-uncased',
  },
  'Hugging Face model with staging endpoint': {
    outcome: { canonical: 'pkg:huggingface/microsoft/deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111?repository_url=https:%2F%2Fhub-ci.huggingface.co' },
    reason: "'/' in a qualifier value is percent-encoded (tests/types/huggingface-test.json)",
  },
  'MLflow model tracked in Azure Databricks (case insensitive)': {
    outcome: { canonical: 'pkg:mlflow/creditfraud@3?repository_url=https:%2F%2Fadb-5245952564735461.0.azuredatabricks.net%2Fapi%2F2.0%2Fmlflow' },
    reason: "'/' in a qualifier value is percent-encoded (tests/types/mlflow-test.json)",
  },
  'MLflow model tracked in Azure ML (case sensitive)': {
    outcome: {
      canonical:
        'pkg:mlflow/CreditFraud@3?repository_url=https:%2F%2Fwestus2.api.azureml.ms%2Fmlflow%2Fv1.0%2Fsubscriptions%2Fa50f2011-fab8-4164-af23-c62881ef8c95%2FresourceGroups%2FTestResourceGroup%2Fproviders%2FMicrosoft.MachineLearningServices%2Fworkspaces%2FTestWorkspace',
    },
    reason: "'/' in a qualifier value is percent-encoded (tests/types/mlflow-test.json)",
  },
  'MLflow model with unique identifiers': {
    outcome: {
      canonical:
        'pkg:mlflow/trafficsigns@10?model_uuid=36233173b22f4c89b451f1228d700d49&repository_url=https:%2F%2Fadb-5245952564735461.0.azuredatabricks.net%2Fapi%2F2.0%2Fmlflow&run_id=410a3121-2709-4f88-98dd-dba0ef056b0a',
    },
    reason: "'/' in a qualifier value is percent-encoded (tests/types/mlflow-test.json)",
  },
  'cpan module name are case sensitive': {
    outcome: 'invalid',
    reason: "the cpan name is now the distribution name and must not contain '::' (tests/types/cpan-test.json, cpan-definition.json)",
  },
  'cpan module name like distribution name': {
    outcome: { canonical: 'pkg:cpan/Perl-Version@1.013' },
    reason: "a dash-separated distribution name is the valid form now (tests/types/cpan-test.json: pkg:cpan/URI-PackageURL)",
  },
};

describe('legacy purl test-suite-data.json', () => {
  const cases = readJson<LegacyCase[]>(sharedDataPath('purl', 'test-suite-data.json'));

  test('holds cases and every disagreement names one', () => {
    assert.ok(cases.length > 0);
    for (const description of Object.keys(LEGACY_DISAGREEMENTS)) {
      assert.equal(cases.filter((c) => c.description === description).length, 1, description);
    }
  });

  for (const c of cases) {
    // The legacy suite canonicalizes mixed-case qualifier keys, which tests/ only does leniently.
    test(`${c.description}: ${c.purl}`, () => {
      const result = parsePurl(c.purl, { lenient: true });
      const disagreement = LEGACY_DISAGREEMENTS[c.description];
      const outcome = disagreement?.outcome ?? (c.is_invalid ? 'invalid' : { canonical: c.canonical_purl ?? '' });
      if (outcome === 'invalid') {
        assert.equal(result.ok, false, disagreement?.reason ?? 'legacy marks it invalid');
        return;
      }
      assert.ok(result.ok, result.ok ? '' : result.error);
      assert.equal(formatPurl(result.purl), outcome.canonical, disagreement?.reason);
      if (disagreement === undefined) {
        assert.deepEqual(result.purl, toPurl(c));
      } else {
        const reparsed = parsePurl(outcome.canonical);
        assert.ok(reparsed.ok);
        assert.deepEqual(reparsed.purl, result.purl);
      }
    });
  }
});

/** The parts of schemas/purl-type-definition.schema-1.1.json the rule table encodes. */
interface ComponentDefinition {
  requirement?: 'required' | 'optional' | 'prohibited';
  case_sensitive?: boolean;
  permitted_characters?: string;
}
interface TypeDefinition {
  type: string;
  namespace_definition: ComponentDefinition;
  name_definition: ComponentDefinition;
  version_definition?: ComponentDefinition;
  subpath_definition?: ComponentDefinition;
  qualifiers_definition?: { key: string; requirement?: string }[];
  examples: string[];
}

/** Components whose case rule is not a plain flag: the definition note makes it depend on the host. */
const CASE_RULE_EXCEPTIONS = new Set(['mlflow name']);

describe('purl type definitions agree with the rule table', () => {
  const directory = sharedDataPath('purl', 'types');
  const definitions = readdirSync(directory)
    .filter((file) => file.endsWith('-definition.json'))
    .sort()
    .map((file) => readJson<TypeDefinition>(`${directory}/${file}`));

  test('holds definitions', () => assert.ok(definitions.length > 0));

  for (const definition of definitions) {
    test(definition.type, () => {
      const examples = definition.examples.map((example) => {
        const parsed = parsePurl(example);
        assert.ok(parsed.ok, `${example}: ${parsed.ok ? '' : parsed.error}`);
        // Canonical form is a fixed point (examples themselves are not all canonical).
        const reparsed = parsePurl(formatPurl(parsed.purl));
        assert.ok(reparsed.ok);
        assert.deepEqual(reparsed.purl, parsed.purl, example);
        return parsed.purl;
      });
      const sample = examples[0];
      assert.ok(sample !== undefined, 'has examples');
      const rebuild = (change: PurlParts): PurlResult => buildPurl({ ...sample, ...change });

      const namespaceRule = definition.namespace_definition.requirement;
      assert.equal(rebuild({ namespace: null }).ok, namespaceRule !== 'required', `namespace ${namespaceRule}`);
      assert.equal(rebuild({ namespace: sample.namespace ?? 'extra' }).ok, namespaceRule !== 'prohibited', `namespace ${namespaceRule}`);

      const components = [
        ['namespace', definition.namespace_definition],
        ['name', definition.name_definition],
        ['version', definition.version_definition],
        ['subpath', definition.subpath_definition],
      ] as const;
      for (const [component, rule] of components) {
        const value: string | undefined = sample[component];
        if (value === undefined || rule === undefined || CASE_RULE_EXCEPTIONS.has(`${definition.type} ${component}`)) continue;
        const shouted = rebuild({ [component]: value.toUpperCase() });
        assert.ok(shouted.ok, shouted.ok ? '' : shouted.error);
        // The schema's default is case sensitive; cpan's namespace is uppercase by rule either way.
        const expected: string = rule.case_sensitive === false ? value.toLowerCase() : value.toUpperCase();
        assert.equal(shouted.purl[component], expected, `${component} case_sensitive=${String(rule.case_sensitive)}`);
        if (rule.permitted_characters !== undefined) assert.match(value, new RegExp(rule.permitted_characters));
      }

      for (const { key, requirement } of definition.qualifiers_definition ?? []) {
        if (requirement !== 'required') continue;
        const qualifiers: Record<string, string> = { ...sample.qualifiers };
        delete qualifiers[key];
        assert.equal(rebuild({ qualifiers }).ok, false, `qualifier ${key} is required`);
      }
    });
  }
});

describe('strict and lenient parsing', () => {
  const cases: { input: string; strict: string | null; lenient: string | null }[] = [
    { input: 'pkg:gem/rails@7.0?Platform=java', strict: null, lenient: 'pkg:gem/rails@7.0?platform=java' },
    { input: 'pkg:npm/@babel/core', strict: null, lenient: 'pkg:npm/%40babel/core' },
    { input: 'pkg:npm/@babel/core@7.0.0', strict: 'pkg:npm/%40babel/core@7.0.0', lenient: 'pkg:npm/%40babel/core@7.0.0' },
    // git-definition.json says case sensitive; only the suite's recommended case lowercases.
    { input: 'pkg:git/github.com/Owner/Repo', strict: 'pkg:git/github.com/Owner/Repo', lenient: 'pkg:git/github.com/owner/repo' },
    { input: 'pkg:maven/@1.3.4', strict: null, lenient: null },
  ];
  for (const c of cases) {
    test(c.input, () => {
      for (const [lenient, expected] of [
        [false, c.strict],
        [true, c.lenient],
      ] as const) {
        const result = validatePurl(c.input, { lenient });
        assert.equal(result.ok ? result.canonical : null, expected, `lenient=${lenient}`);
      }
    });
  }
});

describe('parsing and building edge cases', () => {
  const invalid: [string, string][] = [
    ['duplicate qualifier keys', 'pkg:npm/a@1?x=1&x=2'],
    ['broken percent-encoding', 'pkg:npm/a%zz@1'],
    ['encoded slash in a namespace segment', 'pkg:maven/org%2Fapache/io'],
    ['type with a plus sign', 'pkg:c++/boost'],
    ['empty name before the version', 'pkg:npm/foo/@1.0'],
    ['scheme other than pkg', 'pkgs:npm/foo'],
  ];
  for (const [what, text] of invalid) {
    test(`rejects ${what}: ${text}`, () => assert.equal(parsePurl(text).ok, false));
  }

  test('never throws for non-string input', () => {
    assert.equal(parsePurl(42 as unknown as string).ok, false);
    assert.equal(buildPurl({ type: 'npm', name: 7 as unknown as string }).ok, false);
  });

  test('rejects lone surrogates when building', () => {
    assert.equal(buildPurl({ type: 'npm', name: 'a\uD800b' }).ok, false);
  });

  test('percent-encodes everything but letters, digits, .-_~ and ":"', () => {
    const built = buildPurl({ type: 'generic', name: "a b!*'()é+@", version: '1:2+3', subpath: 'x:y/z~' });
    assert.ok(built.ok);
    assert.equal(formatPurl(built.purl), "pkg:generic/a%20b%21%2A%27%28%29%C3%A9%2B%40@1:2%2B3#x:y/z~");
  });

  test('drops empty qualifier values and keeps an unregistered type as is', () => {
    const parsed = parsePurl('pkg:bintray/apache/couchdb/couchdb-mac@2.3.0?empty=&a=1');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.purl, {
      type: 'bintray',
      namespace: 'apache/couchdb',
      name: 'couchdb-mac',
      version: '2.3.0',
      qualifiers: { a: '1' },
    });
  });

  test('build and parse agree on round trips', () => {
    const built = buildPurl({
      type: 'git',
      namespace: 'codeberg.org/forgejo',
      name: 'forgejo',
      qualifiers: { Checksum: 'sha256:ab' },
    });
    assert.ok(built.ok);
    const text = formatPurl(built.purl);
    assert.equal(text, 'pkg:git/codeberg.org/forgejo/forgejo?checksum=sha256:ab');
    const parsed = parsePurl(text);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.purl, built.purl);
  });
});
