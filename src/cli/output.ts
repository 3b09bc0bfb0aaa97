/**
 * Where the CLI's words go. Plain lines on stdout, problems on stderr; a test passes its own sink.
 * No colours or boxes here, so what a user pastes into an issue reads the same as their screen.
 */
export interface Output {
  line(text: string): void;
  warn(text: string): void;
  error(text: string): void;
}

export const consoleOutput: Output = {
  line: (text) => process.stdout.write(`${text}\n`),
  warn: (text) => process.stderr.write(`warning: ${text}\n`),
  error: (text) => process.stderr.write(`error: ${text}\n`),
};
