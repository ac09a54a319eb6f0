// TUI benchmark: 10,000 ports (IP + Pod) over 200 subnets in a memory store, no lab. Measures the time to the
// first full screen, keystroke → frame latency while scrolling and while typing a filter, bytes written per
// keystroke (incremental rendering, as on a real terminal) and resident memory.
import type { Figure } from '../support/report.js';

export async function tuiBench(): Promise<Figure[]> {
  // React's development build costs 1.4–2× per update; kovn runs the TUI in production mode. Set it before
  // React is first imported (the driver is loaded dynamically for that reason).
  process.env.NODE_ENV ??= 'production';
  const { driveTuiBench } = await import('./tui-bench-driver.js');
  return driveTuiBench({ ports: 10_000, subnets: 200, nodes: 10 });
}
