#!/usr/bin/env node
// The `kameng` command: runs the TypeScript CLI through tsx's loader (no build step for the server).
import { register } from 'tsx/esm/api';

register();
await import('../apps/server/src/cli.ts');
