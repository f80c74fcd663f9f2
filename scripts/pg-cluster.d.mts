/** Types of pg-cluster.mjs for the TypeScript callers (the benchmark). */
export interface Cluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string
  port: number
  /** Temp folder holding the data directory, the socket and the log. */
  dir: string
  data: string
  bin: string
}
export function pgBin(): string
export function freePort(): Promise<number>
/** `settings`: extra server settings, e.g. `{ shared_buffers: "4GB" }`. */
export function startCluster(opts?: { bin?: string; settings?: Record<string, string> }): Promise<Cluster>
export function stopCluster(cluster: Cluster): void
