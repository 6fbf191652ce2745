// Lint: typescript-eslint's type-aware rules plus one local rule that keeps the layers
// honest (as VS Code's layer rule does): each folder lists the folders it may import.
import { dirname, relative, resolve } from 'node:path';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/** Folder → folders it may import. A source file in no listed folder is an error. */
const layers = {
  'src/domain': ['src/domain'],
  'src/store': ['src/store', 'src/domain'],
  'src/services': ['src/services', 'src/store', 'src/domain'],
  'src/http': ['src/http', 'src/services', 'src/domain'],
  // The CLI is the composition root: `serve` starts the HTTP app.
  'src/cli': ['src/cli', 'src/http', 'src/services', 'src/domain'],
  'src/testing': ['src/testing', 'src/services', 'src/store', 'src/domain', 'src/http'],
  bench: ['bench', 'src'],
  scripts: ['scripts'],
  web: ['web'],
  bin: ['src/cli'],
  'eslint.config.js': [],
};
/** Packages the pure domain may use: no I/O in any of them. */
const domainPackages = new Set(['semver', 'packageurl-js', 'ae-cvss-calculator']);

function layerOf(file) {
  const rel = relative(root, file).split('\\').join('/');
  return Object.keys(layers)
    .sort((a, b) => b.length - a.length)
    .find((l) => rel === l || rel.startsWith(`${l}/`));
}

const layerRule = {
  meta: { type: 'problem', schema: [], messages: { layer: '{{from}} may not import {{to}} (allowed: {{allowed}})', unknown: 'file is in no layer of eslint.config.js', io: 'the pure domain may not import "{{name}}"' } },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    const isTest = /\.test\.tsx?$/.test(file);
    return {
      Program(node) {
        if (!from) context.report({ node, messageId: 'unknown' });
      },
      ImportDeclaration(node) {
        if (!from) return;
        const spec = node.source.value;
        if (typeof spec !== 'string') return;
        if (!spec.startsWith('.')) {
          if (from === 'src/domain' && !isTest) {
            const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
            if (spec.startsWith('node:') || builtinModules.includes(name) || !domainPackages.has(name)) {
              context.report({ node, messageId: 'io', data: { name: spec } });
            }
          }
          return;
        }
        const target = layerOf(resolve(dirname(file), spec));
        const allowed = layers[from];
        // Tests may reach test support and whatever they test end to end.
        if (isTest && (target === 'src/testing' || target?.startsWith('src/'))) return;
        if (!target || !allowed.some((a) => target === a || target.startsWith(`${a}/`) || (a === 'src' && target.startsWith('src/')))) {
          context.report({ node, messageId: 'layer', data: { from, to: target ?? spec, allowed: allowed.join(', ') } });
        }
      },
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules', 'web/dist', 'var', 'coverage', 'sample-data', 'schemas'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['*.js', 'bin/*.js', 'scripts/*.js'] }, tsconfigRootDir: root } },
    plugins: { local: { rules: { layers: layerRule } } },
    rules: {
      'local/layers': 'error',
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Fastify plugins and handlers are async by contract, with or without an await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['eslint.config.js', 'scripts/**/*.js', 'bin/**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.test.ts', 'bench/**', 'src/testing/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
