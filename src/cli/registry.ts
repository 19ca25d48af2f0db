import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { AuditTrail } from '../audit/chain.js';
import { loadPolicy } from '../policy/load.js';
import type { Policy } from '../policy/schema.js';
import { registerFile } from '../registry/register-file.js';
import { isCalendarDate, Registry, RegistryError } from '../registry/registry.js';
import { Scanner } from '../scanner.js';
import type { Storage } from '../storage.js';
import { secretLevels, type SecretLevel } from '../store/store.js';
import { commandStorage, storageOptions } from './storage.js';
import { commandUsage, UsageError } from './usage.js';

/** The registry of the installation's storage, with its audit trail and fingerprint key. */
export async function openRegistry(storage: Storage, policy: Policy): Promise<{ registry: Registry; close(): Promise<void> }> {
  try {
    const registry = await Registry.openIn(storage, new AuditTrail(storage.store.audit, await storage.checkedKey('audit')), policy.registry);
    return {
      registry,
      async close() {
        await registry.close();
        await storage.store.close();
      },
    };
  } catch (err) {
    await storage.store.close();
    throw err;
  }
}

/** `baomi registry add | list | remove`: the security officer's registry of received classified documents. */
export async function registry(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      level: { type: 'string' },
      title: { type: 'string' },
      'doc-number': { type: 'string' },
      issuer: { type: 'string' },
      period: { type: 'string' },
      received: { type: 'string' },
      by: { type: 'string' },
      json: { type: 'boolean' },
      ...storageOptions,
      policy: { type: 'string' },
    },
  });
  const [verb, ...args] = positionals;
  if (verb !== 'add' && verb !== 'list' && verb !== 'remove') throw new UsageError(`baomi registry takes:\n${commandUsage.registry}`);
  if (verb === 'add' && (!args.length || !secretLevels.includes(values.level as SecretLevel))) throw new UsageError(`registry add needs --level 秘密|机密|绝密 and at least one FILE`);
  if (verb === 'remove' && !/^\d+$/.test(args[0] ?? '')) throw new UsageError('registry remove needs the ID that `registry list` shows');
  if (values.received && !isCalendarDate(values.received)) throw new UsageError('--received must be a real date, YYYY-MM-DD');
  const policy = loadPolicy(values.policy ?? process.env.BAOMI_POLICY ?? 'policies/default.yaml');
  const storage = await commandStorage(values);
  // Listing reads metadata only: no keys, no index.
  if (verb === 'list') {
    try {
      const docs = await storage.store.registry.list();
      if (values.json) process.stdout.write(JSON.stringify(docs) + '\n');
      else for (const d of docs) process.stdout.write(`#${d.id}  ${d.level}  ${d.docNumber ?? '-'}  ${d.title ?? '-'}  ${d.chars} chars  registered by ${d.registeredBy} ${new Date(d.registeredAt).toISOString()}\n`);
      return 0;
    } finally {
      await storage.store.close();
    }
  }
  const opened = await openRegistry(storage, policy);
  const registry = opened.registry;
  const by = values.by ?? `cli:${userInfo().username}`;
  try {
    if (verb === 'remove') {
      const doc = await registry.remove(Number(args[0]), by);
      process.stdout.write(`removed #${doc.id} ${doc.docNumber ?? ''}\n`);
      return 0;
    }
    const scanner = new Scanner(policy);
    let failed = 0;
    try {
      for (const file of args) {
        const meta = { level: values.level as SecretLevel, title: values.title, docNumber: values['doc-number'], issuer: values.issuer, period: values.period, receivedOn: values.received };
        try {
          const { document, problems } = await registerFile(registry, scanner, basename(file), await readFile(file), meta, by);
          process.stdout.write(`registered #${document.id}  ${file}  ${document.chars} chars, ${document.fingerprints} fingerprints\n`);
          for (const p of problems) process.stderr.write(`  warning: part of ${file} was not read (${p.code}: ${p.detail}); its fingerprints cover the rest\n`);
        } catch (err) {
          if (!(err instanceof RegistryError) && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          failed++;
          process.stderr.write(`not registered: ${file}: ${(err as Error).message}\n`);
        }
      }
    } finally {
      await scanner.close();
    }
    return failed ? 1 : 0;
  } catch (err) {
    if (err instanceof RegistryError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await opened.close();
  }
}
