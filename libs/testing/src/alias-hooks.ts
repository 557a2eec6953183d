import { readFileSync } from 'node:fs';
import { registerHooks } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

let installed = false;

/**
 * jest runs globalSetup with Node's own `require`, where `moduleNameMapper` does not apply, so the
 * `@lienthong/<lib>` aliases are resolved here from tsconfig `paths` (the one source of truth).
 * jest's transform hook still compiles the TypeScript files the aliases lead to.
 */
export function registerLienthongAliases(rootDir: string): void {
  if (installed) {
    return;
  }
  installed = true;
  const tsconfig = JSON.parse(readFileSync(join(rootDir, 'tsconfig.json'), 'utf8')) as {
    compilerOptions?: { paths?: Record<string, string[]> };
  };
  const targets = new Map<string, string>();
  for (const [alias, [target]] of Object.entries(tsconfig.compilerOptions?.paths ?? {})) {
    if (target) {
      targets.set(alias, pathToFileURL(join(rootDir, target)).href);
    }
  }
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const url = targets.get(specifier);
      return url
        ? { url, format: 'commonjs', shortCircuit: true }
        : nextResolve(specifier, context);
    },
  });
}
