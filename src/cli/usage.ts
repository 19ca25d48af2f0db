/** A command-line mistake: printed with the usage, exit status 2. */
export class UsageError extends Error {}

export const usage = `baomi — 保密审查网关 secrecy review gateway

Usage:
  baomi serve [--config FILE]          run the gateway (settings: DESIGN.md operator contract)
  baomi demo                           gateway + bundled demo CMS, for a first look
  baomi scan [--policy FILE] [--portal FILE] [--json] FILE...   scan local files ('-' reads stdin)
  baomi audit verify | export [--data-dir DIR] [--out FILE]
  baomi user add NAME --role reviewer|officer|auditor|admin [--data-dir DIR]

Exit status of scan: 0 all allowed, 3 worst is hold, 4 worst is block, 2 usage error.
`;
