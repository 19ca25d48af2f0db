import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { startGateway, type RunningGateway } from '../server.js';

/** Stops cleanly on SIGTERM/SIGINT: listeners close, in-flight requests finish, the store closes. */
export function closeOnSignals(running: { close(): Promise<void> }, extra: () => Promise<void> = async () => {}): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`\n${signal}: shutting down\n`);
    void running
      .close()
      .then(extra)
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

export async function serve(argv: string[]): Promise<RunningGateway> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, migrate: { type: 'boolean' } } });
  const running = await startGateway(loadConfig({ file: values.config, overrides: values.migrate ? { migrate: true } : {} }));
  closeOnSignals(running);
  return running;
}
