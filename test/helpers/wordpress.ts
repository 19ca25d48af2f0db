import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, phpMissing, waitForPort } from './php.js';

/**
 * A real WordPress (Debian's `wordpress` package) on PHP's built-in server,
 * with its own MariaDB database: for the claims that only WordPress itself
 * can confirm (who a login cookie or an application password belongs to,
 * what it stores). CI installs the packages; MariaDB runs on the machine.
 */
const source = '/usr/share/wordpress';

function mysql(sql: string): void {
  execFileSync('mysql', ['-uroot', '-h127.0.0.1', '-e', sql], { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function wordpressMissing(): string | false {
  const php = phpMissing();
  if (php) return php;
  if (!existsSync(join(source, 'wp-settings.php'))) return 'needs Debian wordpress (apt-get install wordpress)';
  if (!/mysqli/.test(spawnSync('php', ['-m'], { encoding: 'utf8' }).stdout)) return 'needs php-mysql';
  if (spawnSync('mysql', ['-uroot', '-h127.0.0.1', '-e', 'SELECT 1']).status !== 0) return 'needs MariaDB on 127.0.0.1 (root, no password)';
  return false;
}

/** Skip reason for a suite that needs WordPress: never skipped in CI. */
export const wordpressSkip = process.env.CI ? false : wordpressMissing();

export interface WordPress {
  url: string;
  /** The site's own URL: requests carry this Host, as they do through the gateway in front of it. */
  host: string;
  users: Record<string, { password: string; appPassword: string }>;
  /** Runs PHP inside the site (wp-load.php loaded) and returns what it prints. */
  php(code: string): string;
  close(): Promise<void>;
}

/**
 * Installs a fresh site in a temporary copy of WordPress and starts it;
 * `users` get a password and an application password each. The site calls
 * itself portal.test (as behind the gateway), or, `atItsAddress`, the
 * address it listens on (links in its pages and REST answers lead there).
 */
export async function startWordPress(users: string[], options: { atItsAddress?: boolean } = {}): Promise<WordPress> {
  const root = mkdtempSync(join(tmpdir(), 'baomi-wp-'));
  const db = `baomi_wp_${randomBytes(4).toString('hex')}`;
  // At its address: known only once a port is chosen, just before the server starts (a port chosen earlier could be taken meanwhile).
  let host = 'portal.test';
  // A copy, not links: WordPress finds its configuration beside the wp-load.php it ran.
  cpSync(source, root, { recursive: true, dereference: true });
  const key = () => randomBytes(32).toString('hex');
  const keys = ['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'].map((k) => `define('${k}', '${key()}');`).join('\n');
  const configure = () =>
    writeFileSync(
      join(root, 'wp-config.php'),
      `<?php
define('DB_NAME', '${db}'); define('DB_USER', 'root'); define('DB_PASSWORD', ''); define('DB_HOST', '127.0.0.1');
define('DB_CHARSET', 'utf8mb4'); define('DB_COLLATE', '');
${keys}
$table_prefix = 'wp_';
define('WP_ENVIRONMENT_TYPE', 'local');
define('WP_HOME', 'http://${host}'); define('WP_SITEURL', 'http://${host}');
define('AUTOMATIC_UPDATER_DISABLED', true); define('DISABLE_WP_CRON', true); define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
`,
    );
  configure();
  mysql(`CREATE DATABASE ${db} CHARACTER SET utf8mb4`);
  const php = (code: string) =>
    execFileSync('php', ['-r', `$_SERVER['HTTP_HOST'] = '${host}'; define('WP_INSTALLING', ${code.includes('wp_install') ? 'true' : 'false'}); require '${root}/wp-load.php'; ${code}`], { encoding: 'utf8' });
  const accounts: WordPress['users'] = {};
  const [admin, ...others] = users;
  const password = (u: string) => `pw-${u}-${key().slice(0, 12)}`;
  const first = password(admin!);
  php(`require_once ABSPATH . 'wp-admin/includes/upgrade.php'; wp_install('清河县人民政府门户网站', '${admin}', '${admin}@portal.test', false, '', '${first}');`);
  accounts[admin!] = { password: first, appPassword: '' };
  for (const u of others) {
    accounts[u] = { password: password(u), appPassword: '' };
    php(`$id = wp_create_user('${u}', '${accounts[u]!.password}', '${u}@portal.test'); (new WP_User($id))->set_role('editor');`);
  }
  for (const u of users) {
    accounts[u]!.appPassword = php(`$user = get_user_by('login', '${u}'); [$password] = WP_Application_Passwords::create_new_application_password($user->ID, ['name' => 'baomi-test']); echo $password;`).trim();
  }
  const port = await freePort();
  if (options.atItsAddress) {
    host = `127.0.0.1:${port}`;
    configure();
  }
  const child = spawn('php', ['-d', 'display_errors=0', '-S', `127.0.0.1:${port}`, '-t', root], { stdio: ['ignore', 'ignore', 'ignore'] });
  await waitForPort(port, child);
  return {
    url: `http://127.0.0.1:${port}`,
    host,
    users: accounts,
    php,
    async close() {
      child.kill();
      await new Promise((r) => child.once('exit', r));
      mysql(`DROP DATABASE IF EXISTS ${db}`);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
