import { execFileSync } from 'node:child_process';

/** The end-to-end test runs bin/n2n.js, which loads dist/: compile it from the current sources. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
