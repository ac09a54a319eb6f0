#!/usr/bin/env node
// Launcher for the `kovn` command: runs the compiled CLI from dist/, or the TypeScript sources through tsx
// in a development checkout that has not been built yet.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cli', 'main.js');
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    console.error('kovn: not built and tsx is not installed; run `npm install && npm run build` first');
    process.exit(1);
  }
  await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
}
