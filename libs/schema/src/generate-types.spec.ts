import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findRepositoryRoot } from '@lienthong/schema';
import { GENERATED_TYPES_DIR, renderTypes } from './generate-types';

describe('renderTypes', () => {
  it('matches the checked-in generated types (run npm run schemas:generate on a diff)', async () => {
    const root = findRepositoryRoot(__dirname);
    const outDir = join(root, GENERATED_TYPES_DIR);
    const rendered = await renderTypes(root);
    const onDisk = readdirSync(outDir).filter((name) => name.endsWith('.ts'));
    expect(onDisk.sort()).toEqual([...rendered.keys()].sort());
    for (const [name, source] of rendered) {
      expect({ name, source: readFileSync(join(outDir, name), 'utf8') }).toEqual({ name, source });
    }
  });
});
