/** A child process that failed: keeps its argv, exit code (or signal) and stderr so the message says what ran. */
export class SubprocessError extends Error {
  override readonly name = 'SubprocessError';
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderr: string,
    readonly stdout = '',
  ) {
    const how = exitCode !== null ? `exit code ${exitCode}` : `signal ${signal ?? 'unknown'}`;
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    super(`${argv.join(' ')} failed (${how})${tail ? `: ${tail}` : ''}`);
  }
}
