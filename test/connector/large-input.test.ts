// Inputs larger than one process argument may be: Linux caps a single argument at 128 KiB.
import { sandboxFromDriver } from '@flue/runtime';
import { describe, expect, it } from 'vitest';
import { connector, newMachine } from './support.ts';

describe('large inputs', () => {
	it('env values that add up to more than 128 KiB reach the command', async () => {
		const { smolvm } = await connector();
		const machine = await newMachine('bigenv');
		try {
			const sandbox = await smolvm(machine).createSandbox({ id: 'bigenv' });
			const env = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`V${i}`, 'x'.repeat(40_000)]));
			const result = await sandbox.exec('printf %s "${#V0} ${#V4}"', { env });
			expect(result).toEqual({ stdout: '40000 40000', stderr: '', exitCode: 0 });
		} finally {
			await machine.delete();
		}
	});

	it('a 200 KB command (a long heredoc) runs, keeps cwd and env, and leaves no file behind', async () => {
		const { smolvm } = await connector();
		const machine = await newMachine('bigcmd');
		try {
			const sandbox = await smolvm(machine).createSandbox({ id: 'bigcmd' });
			const body = 'y'.repeat(200_000);
			const command = `cat > big.txt <<'EOF'\n${body}\nEOF\nwc -c < big.txt; pwd; printf '%s\\n' "$MARK"; exit 7`;
			const result = await sandbox.exec(command, { env: { MARK: 'here' } });
			expect(result).toEqual({ stdout: `${body.length + 1}\n/workspace\nhere\n`, stderr: '', exitCode: 7 });
			const left = await sandbox.exec('ls -a /tmp');
			expect(left.stdout).not.toMatch(/flue-exec/);
		} finally {
			await machine.delete();
		}
	});
});
