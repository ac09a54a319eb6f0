import { readFileSync } from 'node:fs';
import type { CliCommand } from '../command.js';

export const versionCommand: CliCommand = {
  path: ['version'],
  summary: 'print the kovn version',
  usage: 'kovn version',
  async run() {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`kovn ${pkg.version}\n`);
    return 0;
  },
};
