import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** Reads a policy and the CMS profile it names (a YAML file beside it), validated. */
export function loadPolicy(file: string): Policy {
  const policy = validated(policySchema, file, readYaml(file));
  const profileFile = join(dirname(file), `${policy.profile}.yaml`);
  const profile = validated(profileSchema, profileFile, readYaml(profileFile));
  const routes = [...policy.routes, ...profile.routes];
  const seen = new Set<string>();
  for (const route of routes) {
    if (seen.has(route.name)) throw new PolicyError(`${file}: route name "${route.name}" is used twice`);
    seen.add(route.name);
  }
  return { ...policy, file, routes, volatileFields: profile.volatileFields, submitter: profile.submitter, adapter: profile.adapter, charset: profile.charset };
}
