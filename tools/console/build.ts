import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The repository (this file is tools/console/…, from source or from dist/). */
function repositoryRoot(): string {
  return join(__dirname, __dirname.includes(`${'/'}dist${'/'}`) ? '../../..' : '../..');
}

function newest(dir: string): number {
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') {
        time = Math.max(time, newest(path));
      }
    } else if (/\.(ts|tsx|json|css|html|mjs)$/.test(entry.name)) {
      time = Math.max(time, statSync(path).mtimeMs);
    }
  }
  return time;
}

/**
 * The browser tests run the built apps and page (as `npm start` does): build when dist/ is
 * missing or older than a source file (CI has just built; a developer may have edited since).
 */
export function ensureBuilt(): void {
  const root = repositoryRoot();
  const stamp = join(root, 'dist/.build-stamp');
  const page = join(root, 'dist/apps/console/web/index.html');
  const sources = ['apps', 'libs', 'tools'].map((d) => newest(join(root, d)));
  if (existsSync(stamp) && existsSync(page) && statSync(stamp).mtimeMs >= Math.max(...sources)) {
    return;
  }
  execFileSync(process.execPath, [join(root, 'tools/build.mjs')], { cwd: root, stdio: 'inherit' });
}
