/**
 * Turns any thrown value into one line for a human. Error kinds that carry more (validation errors with a field,
 * OVSDB errors with the server's details, subprocess errors with argv and stderr) format themselves through
 * their `message`; this only guards against non-Error throws.
 */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
