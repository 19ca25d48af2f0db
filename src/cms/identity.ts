import { BlockList, isIP } from 'node:net';
import type { RequestHead } from './adapter.js';

/**
 * Addresses allowed to assert who a user is (an SSO front or a reverse proxy
 * that authenticated the editor and sets X-Remote-User). Anyone else can
 * send the same header, so from them it is only a claim.
 */
export class TrustedProxies {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(cidrs: string[]) {
    for (const cidr of cidrs) {
      const [address, bits] = cidr.trim().split('/');
      const family = isIP(address ?? '');
      if (!family) throw new Error(`"${cidr}" is not an IP address or CIDR range`);
      const type = family === 6 ? 'ipv6' : 'ipv4';
      const max = family === 6 ? 128 : 32;
      const prefix = bits === undefined ? max : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`"${cidr}" has a bad prefix length`);
      this.list.addSubnet(address!, prefix, type);
    }
    this.empty = cidrs.length === 0;
  }

  /** Parses `BAOMI_TRUSTED_PROXIES`: a comma- or space-separated CIDR list. */
  static parse(list: string | undefined): TrustedProxies {
    return new TrustedProxies((list ?? '').split(/[\s,]+/).filter(Boolean));
  }

  trusts(address: string | undefined): boolean {
    if (!address || this.empty) return false;
    const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (v4) return this.list.check(v4, 'ipv4');
    return this.list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
}

/** The first of `headers` the request carries, trimmed (one value; a repeated header is ambiguous and ignored). */
export function identityHeader(head: RequestHead, headers: string[]): string | undefined {
  for (const name of headers) {
    const v = head.headers[name.toLowerCase()];
    if (typeof v === 'string' && v.trim() && !v.includes(',')) return v.trim();
  }
  return undefined;
}
