/** A command-line mistake: printed with the usage, exit status 2. */
export class UsageError extends Error {}

const storeNote = `Commands that use the store read BAOMI_STORE_URL (a SQLite file or postgres://…;
default DIR/baomi.db) and BAOMI_DATA_DIR, or take --store URL and --data-dir DIR.`;

/** Each command's usage lines, shown by `baomi COMMAND --help` and together by `baomi --help`. */
export const commandUsage: Record<string, string> = {
  serve: `  baomi serve [--config FILE] [--migrate]
      run the gateway (settings: README, "For operations"); --migrate applies pending store migrations`,
  demo: `  baomi demo
      the gateway in front of a bundled demo CMS on this machine, for a first look`,
  'demo-cms': `  baomi demo-cms [--port N] [--host H]
      the demo CMS alone (compose files, trials)`,
  scan: `  baomi scan [--policy FILE] [--portal FILE] [--data-dir DIR] [--store URL] [--json] FILE...
      scan local files ('-' reads stdin), with the store's registry when there is a store;
      exit 0 all allowed, 3 worst is hold, 4 worst is block, 2 usage error`,
  registry: `  baomi registry add --level 秘密|机密|绝密 [--title T] [--doc-number N] [--issuer I]
                 [--period P] [--received YYYY-MM-DD] FILE...
  baomi registry list [--json]
  baomi registry remove ID`,
  audit: `  baomi audit verify [--expect-head N]     check the chain (exit 1 when broken)
  baomi audit export [--out FILE]          the chain as JSON Lines`,
  user: `  baomi user add NAME --role reviewer|officer|auditor|admin [--portal ID,ID]
      a new user; prints their token once (an existing name is refused)
  baomi user rotate NAME                   a new token; the old one stops working
  baomi user role NAME --role R [--portal ID,ID | --all-portals]
  baomi user password NAME                 sets their console password, read from standard input
  baomi user disable NAME | enable NAME | list [--json]
      every user change is an audit entry; disabling or a new password ends console sessions`,
  crawl: `  baomi crawl --wordpress URL | --sitemap URL | --start URL [--report FILE]...
             [--site ORIGIN]... [--include GLOB]... [--exclude GLOB]... [--max-depth N] [--max-pages N] [--max-fetches N]
             [--concurrency N] [--rate PER_SECOND] [--timeout SECONDS] [--max-bytes N]
             [--auth-env VAR] [--full] [--restart] [--portal FILE] [--policy FILE] [--quiet]
      scan what the portal has already published: pages and their attachments, with the same scanner;
      what it flags becomes an already-published item for review. Resumes a crawl that did not finish
      (--restart starts over), rescans only what changed (--full rescans everything). WordPress:
      posts, pages and media through its REST API; drafts and private items too when VAR (default
      BAOMI_CRAWL_AUTH) holds user:application-password. --report writes .html, .csv or .json.
      exit 4 an open item would be blocked, 3 open items to review, else 1 when the crawl was stopped or a limit
      left pages unread, 0 everything read and nothing open; 2 usage error`,
  migrate: `  baomi migrate [--check]
      bring the store's schema to this version (back the database up first); --check only reports`,
};

/** The usage of one command, with the store note where it uses the store. */
export function usageOf(command: string): string {
  const usesStore = ['scan', 'registry', 'audit', 'user', 'migrate', 'crawl'].includes(command);
  return `${commandUsage[command]}\n${usesStore ? `\n${storeNote}\n` : ''}`;
}

export const usage = `baomi — 保密审查网关 secrecy review gateway

Usage:
${Object.values(commandUsage).join('\n')}

${storeNote}
`;
