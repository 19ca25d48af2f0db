import pg from 'pg';

/** Longest wait before reconnecting a lost LISTEN connection. */
const maxBackoffMs = 5000;

/**
 * One connection that LISTENs for registry changes and calls every listener
 * on each notification. A lost connection is reopened with backoff. The
 * listeners are also called each time the connection starts listening:
 * changes made before it did (since subscribing, or while it was down) were
 * not announced to this replica.
 */
export class RegistryListener {
  private readonly listeners = new Set<() => void>();
  private client: pg.Client | undefined;
  private closed = false;
  private backoff = 100;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
  ) {
    void this.connect();
  }

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'baomi-gateway listener' });
    client.on('notification', () => this.notify());
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.closed) return void client.end().catch(() => {});
    this.client = client;
    this.backoff = 100;
    this.notify();
  }

  private lost(client: pg.Client): void {
    if (this.closed || (this.client && this.client !== client)) return;
    this.client = undefined;
    client.end().catch(() => {});
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), this.backoff).unref();
    this.backoff = Math.min(maxBackoffMs, this.backoff * 2);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => {});
  }
}
