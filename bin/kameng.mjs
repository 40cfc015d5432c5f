#!/usr/bin/env node
// The `kameng` command: runs the server's CLI from its bundle (built from the TypeScript sources when
// they change; see server-bundle.mjs).
import { pathToFileURL } from 'node:url';
import { ensureServerBundle } from './server-bundle.mjs';

await import(pathToFileURL(await ensureServerBundle()).href);
