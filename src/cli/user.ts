import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { AuditTrail } from '../audit/chain.js';
import { UserAdmin, UserAdminError } from '../review/user-admin.js';
import { roles, type Role } from '../store/store.js';
import { commandStorage, storageOptions } from './storage.js';
import { commandUsage, UsageError } from './usage.js';

const verbs = ['add', 'rotate', 'role', 'disable', 'enable', 'password', 'list'];

/** The first line of standard input: a password is never an argument (it would show in `ps` and the shell's history). */
async function passwordFromStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0]!;
}

/**
 * `baomi user …`: the review API's and the console's users. A token is
 * printed once, when made (add, rotate); a console password is read from
 * standard input; every change is an audit entry naming who made it.
 */
export async function user(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, portal: { type: 'string' }, 'all-portals': { type: 'boolean' }, json: { type: 'boolean' }, by: { type: 'string' }, ...storageOptions },
  });
  const [verb, name] = positionals;
  if (!verb || !verbs.includes(verb) || (verb !== 'list' && !name)) throw new UsageError(`baomi user takes:\n${commandUsage.user}`);
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
    const admin = new UserAdmin(store, new AuditTrail(store.audit, await storage.checkedKey('audit')));
    const role = values.role as Role;
    try {
      if (verb === 'add' || verb === 'rotate') {
        const token = verb === 'add' ? await admin.add(name!, role, by, { portals }) : await admin.rotate(name!, by);
        process.stdout.write(`${token}\n`);
        process.stderr.write(`user ${name} ${verb === 'add' ? `(${role}${portals ? `, portals ${portals.join(', ')}` : ''}) added` : 'has a new token; the old one no longer works'}; the token above is shown only once\n`);
      } else if (verb === 'password') {
        if (process.stdin.isTTY) process.stderr.write(`console password for ${name} (at least 12 characters), then Enter: `);
        await admin.setPassword(name!, await passwordFromStdin(), by);
        process.stderr.write(`user ${name} has a new console password; their console sessions have ended\n`);
      } else if (verb === 'role') {
        await admin.setRole(name!, role, by, portals ?? (values['all-portals'] ? null : undefined));
        process.stderr.write(`user ${name}: role ${role}${portals ? `, portals ${portals.join(', ')}` : values['all-portals'] ? ', every portal' : ''}\n`);
      } else {
        await admin.setDisabled(name!, verb === 'disable', by);
        process.stderr.write(`user ${name}: ${verb === 'disable' ? 'disabled (their token and console sessions no longer work)' : 'enabled'}\n`);
      }
      return 0;
    } catch (err) {
      if (!(err instanceof UserAdminError)) throw err;
      const hint = err.code === 'exists' ? `user ${name} exists already: give them a new token with \`baomi user rotate ${name}\`, or change their role with \`baomi user role\`` : err.code === 'unknown' ? `no user ${name} (\`baomi user list\`)` : err.message;
      process.stderr.write(`${hint}\n`);
      return 1;
    }
  } finally {
    await store.close();
  }
}
