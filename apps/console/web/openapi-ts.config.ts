import { defineConfig } from '@hey-api/openapi-ts';

/**
 * Typed clients of the services the console calls, generated from the OpenAPI documents that
 * `npm run openapi` exports (never edited by hand; CI regenerates and compares).
 */
export default defineConfig([
  {
    input: 'apps/console/web/openapi/adapter.json',
    output: { path: 'apps/console/web/src/api/generated/adapter', postProcess: ['prettier'] },
    plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
  },
  {
    input: 'apps/console/web/openapi/audit.json',
    output: { path: 'apps/console/web/src/api/generated/audit', postProcess: ['prettier'] },
    plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
  },
  {
    input: 'apps/console/web/openapi/trust.json',
    output: { path: 'apps/console/web/src/api/generated/trust', postProcess: ['prettier'] },
    plugins: ['@hey-api/client-fetch', '@hey-api/typescript', '@hey-api/sdk'],
  },
]);
