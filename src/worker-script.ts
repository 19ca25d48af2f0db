import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * Starts a worker thread from a module beside `from` (its import.meta.url).
 * Built, the worker is a .js file. Under tsx (tests, benches) it is the .ts
 * source, and Node 20 does not pass tsx's loader to worker threads: the
 * worker registers it before importing the source.
 */
export function startWorker(from: string, relative: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (!from.endsWith('.ts')) return new Worker(new URL(`${relative}.js`, from), { workerData, resourceLimits });
  const source = new URL(`${relative}.ts`, from).href;
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`, { eval: true, workerData, resourceLimits });
}
