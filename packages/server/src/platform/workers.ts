import { Worker } from 'node:worker_threads'

/** Starts a worker thread running a TypeScript module (through the tsx bootstrap). */
export function startTsWorker(entry: URL, data: object): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), { workerData: { ...data, __entry: entry.href } })
}
