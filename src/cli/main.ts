#!/usr/bin/env node
import { audit } from './audit.js';
import { crawl } from './crawl.js';
import { demo, demoCms } from './demo.js';
import { migrate } from './migrate.js';
import { registry } from './registry.js';
import { scan } from './scan.js';
import { serve } from './serve.js';
import { commandUsage, UsageError, usage, usageOf } from './usage.js';
import { user } from './user.js';

async function main(argv: string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  // Every command answers --help with its own usage, whatever else is on the line.
  if (command && commandUsage[command] && rest.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(usageOf(command));
    return 0;
  }
  switch (command) {
    case 'serve':
      await serve(rest);
      return undefined;
    case 'demo':
      await demo();
      return undefined;
    case 'demo-cms':
      await demoCms(rest);
      return undefined;
    case 'scan':
      return scan(rest);
    case 'registry':
      return registry(rest);
    case 'audit':
      return audit(rest);
    case 'user':
      return user(rest);
    case 'migrate':
      return migrate(rest);
    case 'crawl':
      return crawl(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(usage);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: Error) => {
    const isUsage = err instanceof UsageError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    process.stderr.write(`baomi: ${err.message}\n${isUsage ? `\n${usage}` : ''}`);
    process.exitCode = isUsage ? 2 : 1;
  },
);
