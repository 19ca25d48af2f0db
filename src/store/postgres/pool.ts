import pg from 'pg';

/** BIGINT columns hold milliseconds and sequence numbers, all below 2^53: read them as numbers, not strings. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export function createPool(url: string, max: number): pg.Pool {
  // Bounded waits: a pool exhausted or a server gone fails a query in seconds (the request is held, the reviewer retries)
  // instead of queueing without end; keepalive finds a connection a failover left half-open.
  const pool = new pg.Pool({ connectionString: url, max, types, application_name: 'baomi-gateway', connectionTimeoutMillis: 10_000, statement_timeout: 30_000, keepAlive: true });
  // A connection losing its server (a restart, a failover, an administrator's terminate) must not end the process:
  // the query in hand fails, the pool drops the connection and the next query opens another. pg emits the loss
  // as an 'error' event too, sometimes after the pool has let go of the client, so every client gets a listener.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** Runs `work` in one transaction on one client; rolled back if it throws. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection lost mid-transaction (a restart, a failover) fails the query in hand; unhandled, its 'error' event would end the process.
  // Released with the error, the pool drops such a connection instead of handing it out again.
  let broken: Error | undefined;
  const lost = (err: Error) => (broken = err);
  client.on('error', lost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollback: Error) => (broken ??= rollback));
    throw err;
  } finally {
    client.off('error', lost);
    client.release(broken);
  }
}

/** Keys of the transaction-scoped advisory locks that serialise work across replicas. */
export const locks = { migrate: 0x62616f01, audit: 0x62616f02, learned: 0x62616f03 } as const;

/** The channel registry changes are announced on (NOTIFY inside the changing transaction: sent on commit). */
export const registryChannel = 'baomi_registry';
