#!/usr/bin/env node
// Launcher for the `kovn` command: runs the compiled CLI from dist/ when it is at least as new as the
// sources, otherwise the TypeScript sources through tsx (a development checkout that changed since the last
// `npm run build`), so a stale build is never run by accident.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
const sources = join(root, 'src');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const useBuild = existsSync(built) && (!existsSync(sources) || statSync(built).mtimeMs >= newestSource(sources));
if (useBuild) {
  await import(pathToFileURL(built).href);
} else {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    console.error('kovn: not built and tsx is not installed; run `npm install && npm run build` first');
    process.exit(1);
  }
  await import(pathToFileURL(join(sources, 'cli', 'main.ts')).href);
}
