#!/usr/bin/env node
// The b24nav command. The code is TypeScript run through tsx's loader, so the
// command works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
