// The console's single-page application: a Vite production build into dist/apps/console/web, then
// the first-load budget (docs/performance.md: ≤ 300 KB of compressed script before the first
// page renders): the entry script and every chunk index.html preloads, gzip-compressed.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const FIRST_LOAD_BUDGET_BYTES = 300 * 1024;

/** Scripts the browser loads before the first render: index.html's module script and preloads. */
export function firstLoadScripts(webDir) {
  const html = readFileSync(path.join(webDir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map(
    (m) => m[1],
  );
  return [...new Set([...scripts, ...preloads])].map((src) => path.join(webDir, src));
}

/** Gzip size of the first-load scripts, in bytes. */
export function firstLoadBytes(webDir) {
  return firstLoadScripts(webDir).reduce(
    (sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length,
    0,
  );
}

export async function buildConsoleWeb(root) {
  const { build } = await import('vite');
  await build({
    configFile: path.join(root, 'apps/console/web/vite.config.mts'),
    logLevel: 'warn',
  });
  const webDir = path.join(root, 'dist/apps/console/web');
  const bytes = firstLoadBytes(webDir);
  writeFileSync(
    path.join(webDir, 'first-load.json'),
    `${JSON.stringify({ firstLoadGzipBytes: bytes, budgetBytes: FIRST_LOAD_BUDGET_BYTES })}\n`,
  );
  if (bytes > FIRST_LOAD_BUDGET_BYTES) {
    throw new Error(
      `console: first load is ${(bytes / 1024).toFixed(1)} KB of compressed script, over the ${FIRST_LOAD_BUDGET_BYTES / 1024} KB budget`,
    );
  }
  process.stdout.write(
    `console: built, first load ${(bytes / 1024).toFixed(1)} KB of compressed script (budget ${FIRST_LOAD_BUDGET_BYTES / 1024} KB)\n`,
  );
}
