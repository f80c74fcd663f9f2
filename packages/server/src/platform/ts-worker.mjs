// Bootstrap for worker threads whose code is TypeScript: Node 20 does not pass `--import tsx` hooks to workers,
// so register tsx here and then load the real entry (workerData.__entry).
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.__entry)
