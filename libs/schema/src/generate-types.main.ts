import { generateTypes, staleTypes } from './generate-types';
import { findRepositoryRoot } from './schema-files';

/**
 * CLI entry of `npm run schemas:generate`: regenerates the message types from schemas/. With
 * `--check` (CI) it writes nothing and fails when a generated file is missing, stale or extra.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const root = args.find((arg) => !arg.startsWith('--')) ?? findRepositoryRoot();
  if (args.includes('--check')) {
    const stale = await staleTypes(root);
    if (stale.length > 0) {
      process.stderr.write(
        `generated types are stale (run npm run schemas:generate):\n  ${stale.join('\n  ')}\n`,
      );
      process.exitCode = 1;
    }
    return;
  }
  const written = await generateTypes(root);
  process.stdout.write(`generated ${written.length} type files:\n  ${written.join('\n  ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `schemas:generate failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
