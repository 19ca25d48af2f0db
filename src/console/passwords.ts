import { hash, verify } from '@node-rs/argon2';

/** Passwords are kept as argon2id hashes (the library's defaults: 19 MiB, 2 passes, OWASP's minimum). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of nothing anyone knows: an unknown name costs the same time as a known one, so timing does not tell names. */
let decoy: Promise<string> | undefined;
export async function spendVerifyTime(password: string): Promise<void> {
  decoy ??= hash(`decoy-${Math.random()}`);
  await passwordMatches(await decoy, password);
}

/** What a console password must be: long enough to stand an offline guess at the hash. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return '密码至少 12 个字符 / A password needs at least 12 characters';
  if (password.length > 256) return '密码至多 256 个字符 / A password has at most 256 characters';
  return undefined;
}
