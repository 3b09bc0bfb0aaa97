// Loaded with `node --import`: records every module the process resolves and prints the list on exit,
// so a test can see which packages a command really loads.
import { registerHooks } from 'node:module';

const seen = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    seen.add(result.url);
    return result;
  },
});
process.on('exit', () => process.stderr.write(`\nLOADED ${JSON.stringify([...seen])}\n`));
