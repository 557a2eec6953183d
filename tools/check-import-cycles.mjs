// Finds import loops inside each lib, type-only imports included. `import-x/no-cycle` skips
// `import type`, so a loop held together by types alone (the kit's agency-definition ↔ lanes loop
// was one) passes lint; it still ties the files together. Across libs the eslint zones forbid loops.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IMPORT = /(?:from|import)\s+'(\.{1,2}\/[^']+)'/g;

/** Every production .ts file under `dir` (tests may import anything of their lib). */
function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return name.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(name) ? [full] : [];
  });
}

function graphOf(dir) {
  const graph = new Map();
  for (const file of sources(dir)) {
    const text = readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)]
      .map((m) => path.resolve(path.dirname(file), m[1]) + '.ts')
      .filter((target) => existsSync(target));
    graph.set(file, targets);
  }
  return graph;
}

/** The first import loop found, as a path of files, or undefined. */
function findLoop(graph) {
  const state = new Map(); // 1 = on the path, 2 = done
  const trail = [];
  const visit = (file) => {
    state.set(file, 1);
    trail.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 1) return [...trail.slice(trail.indexOf(next)), next];
      if (!state.has(next)) {
        const loop = visit(next);
        if (loop) return loop;
      }
    }
    trail.pop();
    state.set(file, 2);
    return undefined;
  };
  for (const file of graph.keys()) {
    if (!state.has(file)) {
      const loop = visit(file);
      if (loop) return loop;
    }
  }
  return undefined;
}

let failed = false;
const libs = path.join(root, 'libs');
for (const lib of readdirSync(libs)) {
  const src = path.join(libs, lib, 'src');
  if (!existsSync(src)) continue;
  const loop = findLoop(graphOf(src));
  if (loop) {
    failed = true;
    const shown = loop.map((file) => path.relative(root, file)).join('\n  → ');
    console.error(`import loop in libs/${lib} (type-only imports count too):\n  ${shown}`);
  }
}
process.exit(failed ? 1 : 0);
