import { generateTypes } from './generate-types';
import { findRepositoryRoot } from './schema-files';

/** CLI entry of `npm run schemas:generate`: regenerates the message types from schemas/. */
async function main(): Promise<void> {
  const root = process.argv[2] ?? findRepositoryRoot();
  const written = await generateTypes(root);
  process.stdout.write(`generated ${written.length} type files:\n  ${written.join('\n  ')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `schemas:generate failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
