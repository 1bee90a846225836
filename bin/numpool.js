#!/usr/bin/env node
// The `numpool` command: runs the compiled CLI (`npm run build` writes dist/). In a checkout without
// a build, `npm run numpool -- …` runs the TypeScript directly through tsx.
await import('../dist/plugin/cli/main.js');
