import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const web = fileURLToPath(new URL('.', import.meta.url));

/**
 * The console's single-page application, built once by `npm run build` into
 * dist/apps/console/web and served by the console app (never built at start).
 */
export default defineConfig({
  root: web,
  base: '/',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../../dist/apps/console/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // the evidence verifier (X.509 parsing) is one chunk of ~450 KB, loaded only when a page verifies
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries mark their modules "use client" for server components; a SPA has none
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') {
          return;
        }
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  logLevel: 'warn',
});
