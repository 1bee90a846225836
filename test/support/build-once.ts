// Global setup of both vitest tiers: compiles plugin/ to dist/ (`npm run build`) once per run, so the
// tests that spawn numpool as `npm start` and `bin/numpool.js` do (the compiled code) never run a
// stale build. tsc's incremental cost here is a few seconds.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

export default function buildOnce(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: REPOSITORY, stdio: 'inherit' });
}
