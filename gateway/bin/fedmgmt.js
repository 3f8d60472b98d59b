#!/usr/bin/env node
// The `fedmgmt` CLI (query, proxy, token, bootstrap): runs the TypeScript sources through tsx.
require('tsx/cjs');
require('../src/cli/main.ts');
