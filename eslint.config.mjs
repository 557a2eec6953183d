// @ts-check
import importX from 'eslint-plugin-import-x';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

const libs = [
  'errors',
  'config',
  'access-tokens',
  'telemetry',
  'pki',
  'schema',
  'envelope',
  'messaging',
  'persistence',
  'trust',
  'devstack',
  'audit-log',
  'edxml',
  'adapter-kit',
  'testing',
];

/**
 * Dependency direction (style G3), written down once: each lib lists the libs it may import.
 * Apps may import any lib; libs never import apps, apps never import other apps.
 */
const allowed = {
  errors: [],
  config: ['errors'],
  'access-tokens': ['errors', 'config'],
  telemetry: ['errors', 'config'],
  pki: ['errors', 'config'],
  schema: ['errors', 'config'],
  'audit-log': ['errors', 'pki'],
  edxml: ['errors', 'config', 'pki'],
  envelope: ['errors', 'config', 'pki', 'schema'],
  messaging: ['errors', 'config', 'telemetry', 'pki', 'schema', 'envelope'],
  persistence: ['errors', 'config', 'telemetry'],
  trust: ['errors', 'config', 'pki', 'schema', 'envelope', 'messaging'],
  devstack: ['errors', 'config', 'pki', 'messaging'],
  'adapter-kit': [
    'errors',
    'config',
    'telemetry',
    'pki',
    'schema',
    'envelope',
    'messaging',
    'persistence',
    'trust',
    'audit-log',
    'edxml',
    'access-tokens',
  ],
  testing: libs.filter((l) => l !== 'testing'),
};

const libZones = libs.map((lib) => ({
  target: `./libs/${lib}`,
  from: [
    './apps',
    './tools',
    ...libs
      .filter((other) => other !== lib && !allowed[lib].includes(other))
      .map((o) => `./libs/${o}`),
  ],
  message: `libs/${lib} may import only: ${allowed[lib].join(', ') || 'nothing of ours'} (docs/adr/0002-dependency-direction.md)`,
}));

/**
 * The kit reads as lanes over a small core: the core never imports a lane, and a lane never
 * imports another lane (they meet only in adapter-kit.module.ts and agency-definition.ts).
 */
const kitLanes = ['lookups', 'events', 'documents', 'witness'];
const kitZones = [
  {
    target: './libs/adapter-kit/src/core',
    from: kitLanes.map((lane) => `./libs/adapter-kit/src/${lane}`),
    message: "the kit's core never imports a lane (docs/adr/0002-dependency-direction.md)",
  },
  ...kitLanes.map((lane) => ({
    target: `./libs/adapter-kit/src/${lane}`,
    from: kitLanes.filter((other) => other !== lane).map((o) => `./libs/adapter-kit/src/${o}`),
    message: `the kit's ${lane} lane imports only the core, never another lane`,
  })),
];

const appZones = [
  'trust',
  'audit',
  'console',
  'population',
  'business-registry',
  'civil-status',
  'insurance',
  'configured-adapter',
].map((app) => ({
  target: `./apps/${app}`,
  from: './apps',
  except: [`./${app}`],
  message: 'apps never import other apps: share through a lib or a message',
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.lienthong/**',
      'coverage/**',
      // generated from the OpenAPI documents (npm run openapi); CI checks they are up to date
      'apps/console/web/src/api/generated/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@lienthong/*/*', '!@lienthong/adapter-kit/testing'],
              message: 'Import a lib only through its index (style G2).',
            },
          ],
          paths: [
            {
              name: 'nats',
              message: 'Use the v3 @nats-io/* packages through @lienthong/messaging.',
            },
            {
              name: '@lienthong/adapter-kit/testing',
              message: "Only tests (and libs/testing) import the kit's test helpers.",
            },
          ],
        },
      ],
      'import-x/no-restricted-paths': ['error', { zones: [...libZones, ...kitZones, ...appZones] }],
      'import-x/no-cycle': 'error',
    },
    settings: {
      'import-x/resolver-next': [
        // tsconfig paths resolve @lienthong/* to libs/<name>/src/index.ts
        (await import('eslint-import-resolver-typescript')).createTypeScriptImportResolver({
          project: './tsconfig.json',
        }),
      ],
    },
  },
  {
    // A lib is one flat folder reached through its index: no climbing out of it (style G5).
    // Apps and tools may use `../` inside themselves; the zones above keep them out of each other.
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*'],
              message:
                'Import across libs with @lienthong/<lib>; within a folder use ./x (style G5).',
            },
            {
              group: ['@lienthong/*/*', '!@lienthong/adapter-kit/testing'],
              message: 'Import a lib only through its index (style G2).',
            },
          ],
          paths: [
            {
              name: 'nats',
              message: 'Use the v3 @nats-io/* packages through @lienthong/messaging.',
            },
            {
              name: '@lienthong/adapter-kit/testing',
              message: "Only tests (and libs/testing) import the kit's test helpers.",
            },
          ],
        },
      ],
    },
  },
  {
    // Crypto stays in one lib (style G9): node-forge and @peculiar/x509 in pki, xml-crypto in edxml.
    files: ['**/*.ts', '**/*.tsx'],
    // the console's in-browser verifier parses certificates itself (it cannot load libs/pki)
    ignores: ['libs/pki/**', 'libs/edxml/**', 'apps/console/web/src/verify/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='node-forge']",
          message: 'node-forge belongs to libs/pki.',
        },
        {
          selector: "ImportDeclaration[source.value='@peculiar/x509']",
          message: '@peculiar/x509 belongs to libs/pki.',
        },
        {
          selector: "ImportDeclaration[source.value='xml-crypto']",
          message: 'xml-crypto belongs to libs/edxml.',
        },
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Only @lienthong/config reads process.env (style G18).',
        },
      ],
    },
  },
  {
    files: [
      'libs/config/**',
      'libs/testing/**',
      'libs/devstack/**',
      'tools/**',
      'bench/**',
      'test/**',
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/instrument.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Generated from schemas/ (json-schema-to-typescript): a free-form object's index signature is
    // `unknown | undefined` under strictIndexSignatures, which this stylistic rule flags.
    files: ['libs/schema/src/generated/**'],
    rules: { '@typescript-eslint/no-redundant-type-constituents': 'off' },
  },
  {
    // Tests, their fixtures and libs/testing may use the kit's explicit test entry point.
    files: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      '**/*.e2e-spec.ts',
      'test/**',
      '**/test/**',
      'libs/testing/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@lienthong/*/*', '!@lienthong/adapter-kit/testing'],
              message: 'Import a lib only through its index (style G2).',
            },
          ],
          paths: [
            {
              name: 'nats',
              message: 'Use the v3 @nats-io/* packages through @lienthong/messaging.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      '@typescript-eslint/unbound-method': 'off',
      // HTTP test clients (supertest) type response bodies as any; assertions check their shape.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      'max-lines': 'off',
      // tests may use @lienthong/testing (which sits above every lib); production code may not
      'import-x/no-restricted-paths': 'off',
    },
  },
);
