// Compiles apps/, libs/, tools/ and bench/ to dist/ with swc (type checking is `npm run typecheck`),
// then makes `@lienthong/<lib>` resolvable at run time through dist/node_modules, mirroring tsconfig
// paths, and builds the console's single-page application with Vite (apps/console/web), checking
// its first-load script budget.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const sources = ['apps', 'libs', 'tools', 'bench'].filter((dir) =>
  existsSync(path.join(root, dir)),
);

const stamp = path.join(dist, '.build-stamp');

/** Newest modification time of any source file (ts, json schema) under the given folders. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') newest = Math.max(newest, newestSource(full));
    } else if (/\.(ts|json)$/.test(entry.name)) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

// `--if-needed` (used by `npm run lt`): keep a build that is newer than every source, so a tool
// run never replaces the files of apps that are running from dist/.
if (
  process.argv.includes('--if-needed') &&
  existsSync(stamp) &&
  statSync(stamp).mtimeMs >= Math.max(...sources.map((dir) => newestSource(path.join(root, dir))))
) {
  process.exit(0);
}

rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    path.join(root, 'node_modules/@swc/cli/bin/swc.js'),
    ...sources,
    '--out-dir',
    'dist',
    '--config-file',
    '.swcrc',
    '--ignore',
    '**/*.spec.ts,**/*.int-spec.ts,**/*.e2e-spec.ts,**/*.browser-spec.ts,apps/console/web/**',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);

const { compilerOptions } = JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8'));
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  const compiled = path.join(dist, target.replace(/\.ts$/, '.js'));
  if (!existsSync(compiled)) continue;
  const shimDir = path.join(dist, 'node_modules', alias);
  mkdirSync(shimDir, { recursive: true });
  const relative = path.relative(shimDir, compiled).split(path.sep).join('/');
  writeFileSync(path.join(shimDir, 'index.js'), `module.exports = require('${relative}');\n`);
}
// --if-needed serves `npm run lt`, which needs no web assets: skip the Vite build there
if (!process.argv.includes('--if-needed') && !process.argv.includes('--no-web')) {
  const { buildConsoleWeb } = await import('./build-web.mjs');
  await buildConsoleWeb(root);
}
writeFileSync(stamp, new Date().toISOString());
