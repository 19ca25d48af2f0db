/** A store that cannot be opened as asked: its URL, or a schema this code does not match. */
export class StoreError extends Error {
  readonly code = 'BAOMI_ERR_STORE';
  constructor(
    readonly reason: 'url' | 'schema-newer' | 'schema-behind' | 'keys',
    message: string,
  ) {
    super(message);
  }
}

/** Refuses a schema newer than the code, and one behind it unless told to migrate. */
export function checkSchema(where: string, current: number, latest: number, migrate: boolean): void {
  if (current > latest) {
    throw new StoreError('schema-newer', `${where} has schema version ${current}, newer than this gateway's ${latest}: run the newer version, or restore a backup taken before the upgrade`);
  }
  if (current > 0 && current < latest && !migrate) {
    throw new StoreError('schema-behind', `${where} has schema version ${current}, this gateway needs ${latest}: back the database up, then run \`baomi migrate\` (or start with --migrate)`);
  }
}
