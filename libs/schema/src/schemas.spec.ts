import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SchemaRegistry, findRepositoryRoot, readSchemaFiles } from '@lienthong/schema';

const root = findRepositoryRoot(__dirname);
const files = readSchemaFiles(join(root, 'schemas'));
const registry = new SchemaRegistry({ rootDir: root });

function validationError(id: string, example: unknown): string | undefined {
  try {
    registry.validate(id, example);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('schemas/', () => {
  it('holds schemas', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  describe.each(files.map((file) => [file.relativePath, file] as const))('%s', (_path, file) => {
    it('has the $id its path implies', () => {
      expect(file.schema['$id']).toBe(file.expectedId);
    });

    it('has at least one example', () => {
      expect(file.examples.length).toBeGreaterThan(0);
    });

    it('validates every example', () => {
      for (const path of file.examples) {
        const example: unknown = JSON.parse(readFileSync(path, 'utf8'));
        expect({
          example: basename(path),
          error: validationError(file.expectedId, example),
        }).toEqual({
          example: basename(path),
          error: undefined,
        });
      }
    });
  });
});
