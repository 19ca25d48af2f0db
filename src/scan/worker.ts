/**
 * A scan worker: reads requests the way the CMS does, extracts, detects and
 * decides, off the gateway's event loop. Its own policy, portal, store
 * connection and registry (over the gateway's shared index arrays); OCR
 * through the gateway's pool.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Ocr, OcrLine } from '../extract/ocr/engine.js';
import { OcrBusyError, OcrTimeoutError } from '../extract/ocr/pool.js';
import type { Policy } from '../policy/schema.js';
import { Registry } from '../registry/registry.js';
import type { SharedIndex } from '../registry/shared-index.js';
import { Scanner } from '../scanner.js';
import { openStore, type StoreLocation } from '../store/open.js';
import { PortalScanners, type PortalRules } from './portal-scanners.js';
import type { FromWorker, ToWorker } from './pool.js';
import { drawHeld, readHeld } from './held-reading.js';
import { scanRequest } from './request-scan.js';
import { scanFiles } from './file-scan.js';

export interface WorkerInit {
  /** The gateway's own policy (limits, registry) and every portal's rules, as loaded: every worker, a replacement too, scans by the same rules. */
  policy: Policy;
  portals: PortalRules[];
  /** The gateway's store (already migrated by it) and registry key. */
  store: StoreLocation;
  registryKey: Uint8Array;
  /** The gateway's registry index in shared memory; absent: no registry. */
  registry?: SharedIndex;
}

const port = parentPort!;
const init = workerData as WorkerInit;
const send = (m: FromWorker) => port.postMessage(m);

const ocrWaiting = new Map<number, { resolve: (lines: OcrLine[]) => void; reject: (err: Error) => void }>();
let ocrNext = 0;
const ocr: Ocr = {
  recognize: (image) =>
    new Promise((resolve, reject) => {
      const id = ocrNext++;
      ocrWaiting.set(id, { resolve, reject });
      send({ type: 'ocr', id, image });
    }),
};

async function start(): Promise<void> {
  const { policy } = init;
  // A small pool: a worker only reads registry changes, when the gateway tells it to.
  const store = await openStore(init.store, { poolSize: 2 });
  const registry = init.registry ? await Registry.open(store, undefined, Buffer.from(init.registryKey), policy.registry, { shared: init.registry }) : undefined;
  const scanners = new PortalScanners(init.portals, (p) => new Scanner(p.policy, { portal: p.identity, registry, ocr: p.policy.ocr.enabled ? ocr : false }));

  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'scan':
      case 'read':
      case 'draw': {
        const body = Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength);
        const portal = scanners.get(m.portal);
        if (!portal) {
          send({ type: 'scan-error', id: m.id, message: `no portal "${m.portal}"` });
          break;
        }
        const work: Promise<FromWorker> =
          m.type === 'scan'
            ? scanRequest(portal.scanner, portal.model, portal.policy, m.head, m.target, body).then((scan) => ({ type: 'scanned', id: m.id, scan }))
            : m.type === 'read'
              ? readHeld(portal, m.head, body).then((reading) => ({ type: 'read-done', id: m.id, reading }))
              : drawHeld(portal, m.head, body, m.page).then((png) => ({ type: 'drawn', id: m.id, png }));
        work.then(send, (err: Error) => send({ type: 'scan-error', id: m.id, message: err.message }));
        break;
      }
      case 'files': {
        const portal = scanners.get(m.portal);
        if (!portal) {
          send({ type: 'scan-error', id: m.id, message: `no portal "${m.portal}"` });
          break;
        }
        // Buffers arrive as plain Uint8Arrays: the extractors need Buffers.
        const files = m.files.map((f) => ({ ...f, bytes: Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength) }));
        scanFiles(portal.scanner, files, m.page).then(
          (scan) => send({ type: 'files-scanned', id: m.id, scan }),
          (err: Error) => send({ type: 'scan-error', id: m.id, message: err.message }),
        );
        break;
      }
      case 'registry':
        void (registry?.refresh() ?? Promise.resolve()).catch(() => {}).then(() => send({ type: 'registry-done', id: m.id }));
        break;
      case 'ocr-result':
        ocrWaiting.get(m.id)?.resolve(m.lines);
        ocrWaiting.delete(m.id);
        break;
      case 'ocr-error': {
        const Err = m.kind === 'busy' ? OcrBusyError : m.kind === 'timeout' ? OcrTimeoutError : Error;
        ocrWaiting.get(m.id)?.reject(new Err(m.message));
        ocrWaiting.delete(m.id);
        break;
      }
    }
  });
  send({ type: 'ready' });
}

start().catch((err: Error) => send({ type: 'failed', message: err.message }));
