// Batch worker: receives the generated kernel source once, then runs household chunks over shared memory.
// Plain JavaScript on purpose: Node 20 workers do not inherit tsx/vitest loaders.
import { parentPort } from 'node:worker_threads'

// Kernels are cached by source so a warm worker keeps its optimised code across runs.
const kernels = new Map()
let kernel = null
let bindings = null

parentPort.on('message', (m) => {
  try {
    if (m.type === 'init') {
      kernel = kernels.get(m.source)
      if (!kernel) {
        if (kernels.size > 16) kernels.clear()
        kernel = new Function(`return function batchKernel(B, h0, h1, ck) {\n${m.source}\n}`)()
        kernels.set(m.source, kernel)
      }
      bindings = m.bindings
      parentPort.postMessage({ type: 'ready' })
      return
    }
    kernel(bindings, m.h0, m.h1, m.ck ?? 0)
    parentPort.postMessage({ type: 'done', h0: m.h0 })
  } catch (e) {
    parentPort.postMessage({ type: 'error', error: String(e?.stack ?? e) })
  }
})
