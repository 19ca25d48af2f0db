/** A command-line mistake: printed with the usage, exit status 2. */
export class UsageError extends Error {}

export const usage = `baomi — 保密审查网关 secrecy review gateway

Usage:
  baomi serve [--config FILE] [--migrate]  run the gateway (settings: README, "For operations")
  baomi demo                           gateway + bundled demo CMS, for a first look
  baomi demo-cms [--port N] [--host H] the demo CMS alone (compose files, trials)
  baomi scan [--policy FILE] [--portal FILE] [--data-dir DIR] [--json] FILE...   scan local files ('-' reads stdin);
                                       with the registry of DIR (default ./data) when it has one
  baomi registry add --level 秘密|机密|绝密 [--title T] [--doc-number N] [--issuer I]
                 [--period P] [--received YYYY-MM-DD] [--data-dir DIR] FILE...
  baomi registry list [--json] | remove ID [--data-dir DIR]
  baomi audit verify | export [--data-dir DIR] [--out FILE]
  baomi user add NAME --role reviewer|officer|auditor|admin [--portal ID,ID]   a new user; prints their token once
  baomi user rotate NAME | disable NAME | enable NAME | list [--json]
  baomi user role NAME --role R [--portal ID,ID | --all-portals]      (every user change is audited)
  baomi migrate [--check]              bring the store's schema to this version (back it up first)

Commands that use the store read BAOMI_STORE_URL (a SQLite file or postgres://…;
default DIR/baomi.db) and BAOMI_DATA_DIR, or take --store URL and --data-dir DIR.

Exit status of scan: 0 all allowed, 3 worst is hold, 4 worst is block, 2 usage error.
`;
