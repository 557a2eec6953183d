import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { registeredErrorCodes, type ErrorCodeSpec } from '@lienthong/errors';

function errorModules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return name === 'node_modules' ? [] : errorModules(path);
    }
    return /\.errors\.js$|^index\.js$/.test(name) ? [path] : [];
  });
}

/**
 * Every stable error code of the bus: loads each built `*.errors.js` module and each lib's index
 * (the libs that declare codes inline) from `dist/`, which register their codes when loaded.
 */
export function loadErrorCodes(dist: string): [string, ErrorCodeSpec & { area: string }][] {
  for (const module of [...errorModules(join(dist, 'libs')), ...errorModules(join(dist, 'apps'))]) {
    if (/\/libs\/[^/]+\/src\/index\.js$/.test(module) || module.endsWith('.errors.js')) {
      // dynamic on purpose: the set is discovered
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(module);
    }
  }
  return [...registeredErrorCodes()].sort(([a], [b]) => a.localeCompare(b));
}
