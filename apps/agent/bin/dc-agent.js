#!/usr/bin/env node
// `dc-agent`: a shim over the bundle so that `pnpm install` in a fresh checkout, before anything is
// built, can link the command (a bin pointing into dist/ is reported missing until the build).
await import('../dist/cli.js');
