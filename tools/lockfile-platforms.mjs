// Completes package-lock.json with the platform-specific optional packages that `npm install`
// dropped because the registry it used could not serve them (native bindings of @swc/core and
// unrs-resolver for platforms nobody here uses). Without those entries `npm ci` refuses the lock
// ("Missing: … from lock file"). Each added entry carries os/cpu/libc, so npm skips it on other
// platforms without fetching anything. Run after changing dependencies: `npm run lockfile:platforms`.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join(root, 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));

const OS = [
  'darwin',
  'win32',
  'linux',
  'android',
  'freebsd',
  'openharmony',
  'sunos',
  'aix',
  'netbsd',
  'openbsd',
];
const CPU = [
  'arm64',
  'x64',
  'ia32',
  'arm',
  'ppc64',
  's390x',
  'loong64',
  'riscv64',
  'mips64el',
  'wasm32',
];

function platformOf(name) {
  const tokens = name.split('/').pop().split('-');
  const os = OS.find((o) => tokens.includes(o));
  const cpu = CPU.find((c) => tokens.includes(c));
  const libc = tokens.some((t) => t.startsWith('musl'))
    ? 'musl'
    : tokens.some((t) => t.startsWith('gnu'))
      ? 'glibc'
      : undefined;
  return os && cpu ? { os: [os], cpu: [cpu], ...(libc ? { libc: [libc] } : {}) } : undefined;
}

let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const target = `node_modules/${name}`;
    const nested = key ? `${key}/node_modules/${name}` : target;
    if (lock.packages[target] || lock.packages[nested]) continue;
    const platform = platformOf(name);
    if (!platform) {
      console.error(`lockfile: ${name} is missing and is not a platform package; run npm install`);
      process.exitCode = 1;
      continue;
    }
    lock.packages[target] = { version: range.replace(/^[\^~=]/, ''), optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile: ${added} platform entries added`);
