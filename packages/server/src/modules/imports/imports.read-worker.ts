/**
 * Reads one uploaded file in a worker thread (`readFileInWorker`): parsing a workbook is CPU work of seconds that
 * would otherwise stop the HTTP server, and its memory is bounded by the worker's heap limit.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { AppError } from '../../platform/errors.ts'
import { type ReadLimits, readFile } from './imports.read.ts'

const { name, content, limits } = workerData as { name: string; content: Uint8Array; limits: ReadLimits }
readFile(name, Buffer.from(content.buffer, content.byteOffset, content.byteLength), limits).then(
  (sheets) => parentPort!.postMessage({ sheets }),
  (err: Error) =>
    parentPort!.postMessage({
      error: err instanceof AppError ? { code: err.code, details: err.details } : { message: err.message },
    }),
)
