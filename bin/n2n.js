#!/usr/bin/env node
// n2n command-line entry. The TypeScript sources are compiled to dist/ by `npm ci`
// (the package's `prepare` script) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("n2n: dist/ is missing; run 'npm ci' (or 'npm run build') in the n2n folder first.\n");
  process.exit(70);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
