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
      const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(cidr.trim());
      const family = m ? isIP(m[1]!) : 0;
      if (!m || !family) throw new Error(`BAOMI_TRUSTED_PROXIES: "${cidr}" is not an IP address or a CIDR range (address/prefix length)`);
      const max = family === 6 ? 128 : 32;
      const prefix = m[2] === undefined ? max : Number(m[2]);
      // A short prefix would make every client a trusted proxy: trusting the world is a mistake, not a setting.
      if (prefix > max || prefix < (family === 6 ? 32 : 8)) throw new Error(`BAOMI_TRUSTED_PROXIES: "${cidr}" has a prefix length outside ${family === 6 ? 32 : 8}..${max}`);
      this.list.addSubnet(m[1]!, prefix, family === 6 ? 'ipv6' : 'ipv4');
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
export function identityHeader(head: Pick<RequestHead, 'headers'>, headers: string[]): string | undefined {
  for (const name of headers) {
    const v = head.headers[name.toLowerCase()];
    if (typeof v === 'string' && v.trim() && !v.includes(',')) return v.trim();
  }
  return undefined;
}
