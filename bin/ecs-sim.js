#!/usr/bin/env node
// The published entry point: registers tsx's loader, then runs the TypeScript CLI as it is.
import { register } from 'tsx/esm/api';

register();
await import('../harness/cli.ts');
