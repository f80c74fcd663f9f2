import { Worker, type WorkerOptions } from 'node:worker_threads'

/** Starts a worker thread running a TypeScript module (through the tsx bootstrap). */
export function startTsWorker(entry: URL, data: object, options: Omit<WorkerOptions, 'workerData'> = {}): Worker {
  return new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    ...options,
    workerData: { ...data, __entry: entry.href },
  })
}
