import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { AuditTrail } from '../audit/chain.js';
import { tokenHash } from '../review/auth.js';
import { roles, type Role } from '../store/store.js';
import { commandStorage, storageOptions } from './storage.js';
import { commandUsage, UsageError } from './usage.js';

/**
 * `baomi user …`: the review API's users. A token is printed once, when made
 * (add, rotate); every change is an audit entry naming who made it.
 */
export async function user(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, portal: { type: 'string' }, 'all-portals': { type: 'boolean' }, json: { type: 'boolean' }, by: { type: 'string' }, ...storageOptions },
  });
  const [verb, name] = positionals;
  if (!verb || !['add', 'rotate', 'role', 'disable', 'enable', 'list'].includes(verb) || (verb !== 'list' && !name)) throw new UsageError(`baomi user takes:\n${commandUsage.user}`);
  const portals = values.portal?.split(',').map((p) => p.trim()).filter(Boolean);
  if (values.portal !== undefined && !portals?.length) throw new UsageError('--portal takes portal ids, separated by commas');
  if ((verb === 'add' || verb === 'role') && (!values.role || !roles.includes(values.role as Role))) throw new UsageError(`--role must be one of ${roles.join(', ')}`);
  const storage = await commandStorage(values);
  const { store } = storage;
  const by = values.by ?? `cli:${userInfo().username}`;
  try {
    if (verb === 'list') {
      const users = await store.users.list();
      if (values.json) process.stdout.write(JSON.stringify(users.map((u) => ({ ...u, createdAt: new Date(u.createdAt).toISOString() }))) + '\n');
      else for (const u of users) process.stdout.write(`${u.name}  ${u.role}  ${u.portals ? u.portals.join(',') : 'all portals'}  ${u.disabled ? 'disabled' : 'enabled'}  since ${new Date(u.createdAt).toISOString()}\n`);
      return 0;
    }
    const audit = new AuditTrail(store.audit, await storage.checkedKey('audit'));
    const fail = (message: string) => {
      process.stderr.write(`${message}\n`);
      return 1;
    };
    if (verb === 'add' || verb === 'rotate') {
      const token = randomBytes(24).toString('base64url');
      if (verb === 'add' && !(await store.users.create(name!, values.role as Role, tokenHash(token), portals))) return fail(`user ${name} exists already: give them a new token with \`baomi user rotate ${name}\`, or change their role with \`baomi user role\``);
      if (verb === 'rotate' && !(await store.users.rotate(name!, tokenHash(token)))) return fail(`no user ${name} (\`baomi user list\`)`);
      await audit.append(`user.${verb}`, { name, ...(verb === 'add' ? { role: values.role, portals: portals ?? null } : {}), by });
      process.stdout.write(`${token}\n`);
      process.stderr.write(`user ${name} ${verb === 'add' ? `(${values.role}${portals ? `, portals ${portals.join(', ')}` : ''}) added` : 'has a new token; the old one no longer works'}; the token above is shown only once\n`);
      return 0;
    }
    const change = verb === 'role' ? { role: values.role as Role, ...(portals ? { portals } : values['all-portals'] ? { portals: null } : {}) } : { disabled: verb === 'disable' };
    if (!(await store.users.update(name!, change))) return fail(`no user ${name} (\`baomi user list\`)`);
    await audit.append(`user.${verb}`, { name, ...change, by });
    process.stderr.write(`user ${name}: ${verb === 'role' ? `role ${values.role}${portals ? `, portals ${portals.join(', ')}` : values['all-portals'] ? ', every portal' : ''}` : verb === 'disable' ? 'disabled (their token no longer works)' : 'enabled'}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
