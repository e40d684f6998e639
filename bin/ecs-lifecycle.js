#!/usr/bin/env node
// Runs the TypeScript CLI straight from a checkout (after `npm ci`): tsx
// compiles on the fly, so there is no build step between clone and use.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
