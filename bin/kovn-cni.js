#!/usr/bin/env node
// Launcher for the `kovn-cni` CNI plugin. It is spawned once per pod, so it must start fast: it runs the
// compiled plugin from dist/ when that is at least as new as src/cni (the plugin imports nothing else of kovn),
// otherwise the TypeScript sources through tsx.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'cni', 'main.js');
const sources = join(root, 'src', 'cni');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) newest = Math.max(newest, statSync(join(dir, entry.name)).mtimeMs);
  return newest;
}

const useBuild = existsSync(built) && (!existsSync(sources) || statSync(built).mtimeMs >= newestSource(sources));
let plugin;
if (useBuild) {
  plugin = await import(pathToFileURL(built).href);
} else {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    process.stdout.write(`${JSON.stringify({ cniVersion: '1.0.0', code: 5, msg: 'kovn-cni: not built and tsx is not installed; run `npm run build`' })}\n`);
    process.exit(1);
  }
  plugin = await import(pathToFileURL(join(sources, 'main.ts')).href);
}
await plugin.main();
