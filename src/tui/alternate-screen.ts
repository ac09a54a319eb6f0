/**
 * Ink 6 has no alternate-screen option (7.0 added one): enter it ourselves before rendering and leave it on
 * every way out — normal exit, Ctrl-C, SIGTERM, a crash.
 */
export function enterAlternateScreen(stdout: NodeJS.WriteStream = process.stdout): () => void {
  let inside = true;
  stdout.write('\u001B[?1049h\u001B[H');
  const leave = () => {
    if (!inside) return;
    inside = false;
    stdout.write('\u001B[?25h\u001B[?1049l');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    leave();
    process.kill(process.pid, signal);
  };
  process.once('exit', leave);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  // Ctrl-C arrives as a key while Ink holds raw mode; SIGINT covers the moments it does not (start, editor).
  process.once('SIGINT', onSignal);
  return () => {
    leave();
    process.off('exit', leave);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
  };
}
