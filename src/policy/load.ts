import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { policySchema, profileSchema, type Policy } from './schema.js';

/** A policy file that does not load. The message names the file, the path inside it and the problem. */
export class PolicyError extends Error {
  readonly code = 'BAOMI_ERR_POLICY';
}

/** A YAML file's data; an unreadable or malformed file is a PolicyError naming it. */
export function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (err) {
    throw new PolicyError(`${file}: not valid YAML: ${(err as Error).message}`);
  }
}

/** `data` checked against `schema`; otherwise a PolicyError naming the file, each path inside it and the problem. */
export function validated<T extends z.ZodType>(schema: T, file: string, data: unknown, what = 'policy'): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    return `  ${where}: ${issue.message}`;
  });
  throw new PolicyError(`${file}: invalid ${what}\n${problems.join('\n')}`);
}

/** The policy the project ships, which `extends: default` names. */
export const defaultPolicyFile = fileURLToPath(new URL('../../policies/default.yaml', import.meta.url));

/**
 * A policy file's settings with what it extends underneath: `extends:
 * default` (the shipped policy) or a path relative to the file. Objects
 * merge key by key; a list or a value replaces the one beneath. Returns the
 * settings and the folder its CMS profile is looked up in first.
 */
function resolveExtends(file: string, seen: string[] = []): { data: Record<string, unknown>; dirs: string[] } {
  const data = readYaml(file);
  if (!isObject(data) || data.extends === undefined) return { data: data as Record<string, unknown>, dirs: [dirname(file)] };
  const { extends: parentName, ...own } = data;
  if (typeof parentName !== 'string') throw new PolicyError(`${file}: extends must name a policy file, or default`);
  const parent = parentName === 'default' ? defaultPolicyFile : resolve(dirname(file), parentName);
  if (seen.includes(parent) || parent === file) throw new PolicyError(`${file}: extends goes round in a circle (${[...seen, file, parent].join(' → ')})`);
  const base = resolveExtends(parent, [...seen, file]);
  return { data: merge(base.data, own), dirs: [dirname(file), ...base.dirs] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(base[k]) ? merge(base[k], v) : v;
  return out;
}

/** Reads a policy (and what it extends) and the CMS profile it names (a YAML file beside it, or beside what it extends), validated. */
export function loadPolicy(file: string): Policy {
  const { data, dirs } = resolveExtends(file);
  const policy = validated(policySchema, file, data);
  const profileFile = dirs.map((d) => join(d, `${policy.profile}.yaml`)).find((f) => existsSync(f)) ?? join(dirs[0]!, `${policy.profile}.yaml`);
  const profile = validated(profileSchema, profileFile, readYaml(profileFile));
  const routes = [...policy.routes, ...profile.routes];
  const seen = new Set<string>();
  for (const route of routes) {
    if (seen.has(route.name)) throw new PolicyError(`${file}: route name "${route.name}" is used twice`);
    seen.add(route.name);
  }
  return { ...policy, file, routes, volatileFields: profile.volatileFields, submitter: profile.submitter, adapter: profile.adapter, charset: profile.charset };
}
