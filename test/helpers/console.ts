import { hashPassword } from '../../src/console/passwords.js';
import type { Role, Store } from '../../src/store/store.js';

/** Adds a console user with a password (and a token nobody uses). */
export async function consoleUser(store: Store, name: string, role: Role, password = `${name}-password-123`, portals?: string[]): Promise<string> {
  await store.users.create(name, role, `token-of-${name}`, portals);
  await store.users.setPassword(name, await hashPassword(password));
  return password;
}

export interface Page {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
}

/**
 * A browser's part of the console without a browser: a cookie jar, forms
 * posted with the anti-forgery token of the last page seen, redirects not
 * followed (the tests look at them).
 */
export class ConsoleClient {
  readonly jar = new Map<string, string>();
  csrf = '';

  constructor(
    readonly base: string,
    private readonly extraHeaders: Record<string, string> = {},
  ) {}

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/i.test(line)) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  private cookieHeader(): Record<string, string> {
    return this.jar.size ? { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {};
  }

  private async page(res: Response): Promise<Page> {
    this.remember(res);
    const body = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, headers: res.headers, body, location: res.headers.get('location') };
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.page(await fetch(this.base + path, { redirect: 'manual', headers: { ...this.extraHeaders, ...this.cookieHeader(), ...headers } }));
  }

  /** Posts a form; `_csrf` is the last page's token unless the fields say otherwise. */
  async post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields });
    return this.page(await fetch(this.base + path, { method: 'POST', redirect: 'manual', body, headers: { ...this.extraHeaders, ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers } }));
  }

  async postMultipart(path: string, form: FormData): Promise<Page> {
    if (!form.has('_csrf')) form.set('_csrf', this.csrf);
    return this.page(await fetch(this.base + path, { method: 'POST', redirect: 'manual', body: form, headers: { ...this.extraHeaders, ...this.cookieHeader() } }));
  }

  async signIn(name: string, password: string): Promise<Page> {
    await this.get('/console/signin');
    return this.post('/console/signin', { name, password });
  }
}
