#!/usr/bin/env node
// The `ecs-sim` command. From a checkout (the TypeScript sources are here) it runs them as they
// are, through tsx's loader, so that a stale build can never stand in for the code you edit. From
// the installed package (which ships only the build, `npm pack` makes it) it runs dist/.
import { existsSync } from 'node:fs';

const sources = new URL('../harness/cli.ts', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(sources.href);
} else {
  await import('../dist/harness/cli.js');
}
