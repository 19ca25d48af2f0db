import type { Store } from '../../src/store/store.js';

export async function auditRecords(store: Store): Promise<Array<{ kind: string; record: Record<string, any> }>> {
  const out: Array<{ kind: string; record: Record<string, any> }> = [];
  for await (const e of store.audit.entries()) out.push({ kind: e.kind, record: JSON.parse(e.record) });
  return out;
}
