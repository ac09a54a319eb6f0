// Child process of the TUI benchmark: prints its figures as JSON on stdout.
import { driveTuiBench } from './tui-bench-driver.js';

const figures = await driveTuiBench({ ports: 10_000, subnets: 200, nodes: 10 });
process.stdout.write(JSON.stringify(figures));
process.exit(0);
