// @ts-check
// One jest run, three tiers (style G22): unit (no I/O), int (real NATS + PostgreSQL), e2e (apps end to end).
const { readFileSync } = require('node:fs');
const path = require('node:path');

const swcrc = JSON.parse(readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
const { compilerOptions } = JSON.parse(readFileSync(path.join(__dirname, 'tsconfig.json'), 'utf8'));

/** The same `@lienthong/*` aliases as tsc: tsconfig `paths` is the one source of truth. */
const moduleNameMapper = Object.fromEntries(
  Object.entries(/** @type {Record<string, string[]>} */ (compilerOptions.paths)).map(
    ([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`],
  ),
);

/** @param {string} displayName @param {string[]} testMatch @param {object} extra */
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  rootDir: __dirname,
  testMatch,
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper,
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  testEnvironment: 'node',
  ...extra,
});

const servers = {
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  // testTimeout is a global option (a project cannot set it): generous enough for the int and e2e
  // tiers on a loaded 2-core machine; unit tests finish in milliseconds either way.
  testTimeout: 60_000,
  projects: [
    project('unit', ['<rootDir>/{apps,libs,tools}/**/*.spec.ts']),
    project('int', ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'], servers),
    // the console in Debian's chromium against a whole local stack (the launcher's apps and IdP)
    project('browser', ['<rootDir>/test/browser/**/*.browser-spec.ts']),
    project('e2e', ['<rootDir>/test/**/*.e2e-spec.ts'], {
      ...servers,
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-e2e-retry.ts'],
    }),
    // a 3-node NATS cluster of each file's own, nodes killed and partitioned (docs/operations.md §2.5)
    project('cluster', ['<rootDir>/test/cluster/**/*.cluster-spec.ts'], servers),
  ],
};
