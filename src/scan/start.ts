import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import type { Policy } from '../policy/schema.js';
import type { Registry } from '../registry/registry.js';
import { Scanner } from '../scanner.js';
import type { Storage } from '../storage.js';
import { WorkerScanPool } from './pool.js';
import { PortalScanners, type PortalRules } from './portal-scanners.js';
import { InlineScanService, type ScanService } from './service.js';

export interface ScanSetup {
  policy: Policy;
  portals: PortalRules[];
  storage: Storage;
  registry: Registry;
  /** The process's own scanner: its OCR engine serves every scan. */
  scanner: Scanner;
  logger: Logger;
  /** Scan in-process (tests that inject a scanner), with `injected` for every portal when given. */
  inProcess?: boolean;
  injected?: Scanner;
  onRestart?: (reason: 'timeout' | 'exit') => void;
}

/** The scan workers (policy `scan.workers`, default up to 4), or in-process scanning when none are wanted. */
export async function startScanService(s: ScanSetup): Promise<ScanService> {
  const workers = s.inProcess ? 0 : (s.policy.scan.workers ?? Math.min(4, availableParallelism()));
  if (workers) {
    return WorkerScanPool.start({
      size: workers,
      maxQueue: s.policy.scan.maxQueue,
      maxQueueBytes: s.policy.scan.maxQueueMb * 1048576,
      memoryMb: s.policy.scan.memoryMb,
      timeoutMs: s.policy.limits.scanTimeoutMs,
      init: { policy: s.policy, portals: s.portals, store: s.storage.location, registryKey: s.storage.key('registry'), registry: s.registry.share() },
      ocr: s.scanner.ocr,
      policy: s.policy,
      logger: s.logger,
      onRestart: s.onRestart,
    });
  }
  const ocr = s.scanner.ocr ? { recognize: (image: Buffer) => s.scanner.ocr!.recognize(image) } : false;
  return new InlineScanService(new PortalScanners(s.portals, (p) => s.injected ?? new Scanner(p.policy, { portal: p.identity, registry: s.registry, ocr })));
}
