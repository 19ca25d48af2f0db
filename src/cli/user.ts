import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { tokenHash } from '../review/auth.js';
import { roles, type Role } from '../store/store.js';
import { commandStorage, storageOptions } from './storage.js';
import { UsageError } from './usage.js';

/** `baomi user add NAME --role R`: creates (or re-keys) a user and prints their bearer token once. */
export async function user(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { role: { type: 'string' }, portal: { type: 'string' }, ...storageOptions } });
  const [verb, name] = positionals;
  if (verb !== 'add' || !name) throw new UsageError('user add NAME --role reviewer|officer|auditor|admin [--portal ID,ID]');
  const portals = values.portal?.split(',').map((p) => p.trim()).filter(Boolean);
  if (values.portal !== undefined && !portals?.length) throw new UsageError('--portal takes portal ids, separated by commas');
  if (!values.role || !roles.includes(values.role as Role)) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
  const { store } = await commandStorage(values);
  try {
    const token = randomBytes(24).toString('base64url');
    await store.users.add(name, values.role as Role, tokenHash(token), portals);
    process.stdout.write(`${token}\n`);
    process.stderr.write(`user ${name} (${values.role}${portals ? `, portals ${portals.join(', ')}` : ''}) saved; the token above is shown only once\n`);
    return 0;
  } finally {
    await store.close();
  }
}
