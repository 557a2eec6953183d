import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findRepositoryRoot } from '@lienthong/schema';
import { loadErrorCodes } from './error-registry';

/**
 * The console's problem messages (apps/console/web/src/i18n): writes the English catalogue from
 * the titles of the error tables, and checks that the Vietnamese one has a message for exactly
 * those codes (a code added to a table without its Vietnamese message fails here, and in the
 * console's unit test). `--check` writes nothing and fails when either is out of date (CI).
 */
function main(): void {
  const root = findRepositoryRoot();
  const dir = join(root, 'apps/console/web/src/i18n');
  const codes = loadErrorCodes(join(root, 'dist'));
  const english = `${JSON.stringify(Object.fromEntries(codes.map(([code, spec]) => [code, spec.title])), null, 2)}\n`;
  const englishFile = join(dir, 'problems.en.json');
  const vietnamese = JSON.parse(readFileSync(join(dir, 'problems.vi.json'), 'utf8')) as Record<
    string,
    string
  >;
  const known = new Set(codes.map(([code]) => code));
  const missing = [...known].filter((code) => !vietnamese[code]?.trim());
  const stale = Object.keys(vietnamese).filter((code) => !known.has(code));
  const problems: string[] = [];
  if (missing.length > 0) {
    problems.push(`problems.vi.json lacks a message for ${missing.join(', ')}`);
  }
  if (stale.length > 0) {
    problems.push(`problems.vi.json has messages for unknown codes ${stale.join(', ')}`);
  }
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(englishFile, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current !== english) {
      problems.push(`${relative(root, englishFile)} is out of date: run npm run docs:errors`);
    }
  } else {
    writeFileSync(englishFile, english);
    process.stdout.write(`wrote ${relative(root, englishFile)} (${codes.length} codes)\n`);
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n`);
    process.exit(1);
  }
}

main();
