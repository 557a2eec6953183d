import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { registeredErrorCodes } from '@lienthong/errors';
import { findRepositoryRoot } from '@lienthong/schema';
import problemsEn from '../web/src/i18n/problems.en.json';
import problemsVi from '../web/src/i18n/problems.vi.json';

function errorModules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return name === 'node_modules' ? [] : errorModules(path);
    }
    return /\.errors\.ts$|^index\.ts$/.test(name) && !path.includes('/web/') ? [path] : [];
  });
}

describe('the console’s problem messages', () => {
  const root = findRepositoryRoot();
  let codes: string[];

  beforeAll(() => {
    for (const module of [
      ...errorModules(join(root, 'libs')),
      ...errorModules(join(root, 'apps')),
    ]) {
      if (/\/libs\/[^/]+\/src\/index\.ts$/.test(module) || module.endsWith('.errors.ts')) {
        // loading a table registers its codes
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require(module);
      }
    }
    codes = [...registeredErrorCodes().keys()].sort();
  });

  it('has a Vietnamese message for every error code of the bus, and none for unknown codes', () => {
    const vietnamese = Object.entries(problemsVi as Record<string, string>);
    expect(vietnamese.filter(([, text]) => text.trim() === '')).toEqual([]);
    expect(vietnamese.map(([code]) => code).sort()).toEqual(codes);
  });

  it('has an English message for every error code (the title of its table)', () => {
    expect(Object.keys(problemsEn as Record<string, string>).sort()).toEqual(codes);
  });
});
