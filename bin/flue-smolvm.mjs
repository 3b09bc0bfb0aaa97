#!/usr/bin/env node
// One entry for both bin names (`flue` and `flue-smolvm`): the compiled CLI decides what to run.
import { main } from '../dist/cli/main.js';

// A reader that stops early (`... | head`) closes the pipe; that ends our output, it is not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

process.exitCode = await main(process.argv.slice(2));
