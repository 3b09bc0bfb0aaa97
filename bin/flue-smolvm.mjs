#!/usr/bin/env node
// One entry for both bin names (`flue` and `flue-smolvm`): the compiled CLI decides what to run.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
