/**
 * Statements that cannot hold the database for long: every statement has a time limit, and a statement whose HTTP
 * request was abandoned (the client closed the connection) is cancelled.
 *
 * PostgreSQL enforces the limit itself (`statement_timeout` in the session options, `platform/db.ts`); an abandoned
 * statement is cancelled with the protocol's cancel request. PGlite has no timer interrupt (a `statement_timeout` is
 * accepted and ignored: `pg_sleep(2)` under a 300 ms limit runs 2 s) and runs a statement synchronously in its
 * worker, so the host cannot be asked to stop: the guard stops the worker instead and starts it again on the same
 * data folder (crash recovery from the WAL, ~0.4 s), which ends that one statement's transaction and nothing else
 * (the embedded database has one connection). An in-memory database cannot be restarted: there the waiting request
 * is answered with the timeout at once and the statement runs to its end.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type pg from 'pg'

/** What the statements of the current HTTP request share (set by `platform/http.ts` for every request). */
export interface QueryScope {
  /** Aborted when the client goes away before its answer is sent. */
  signal: AbortSignal
}

/** The scope of the request being served, if any; jobs and the CLI run outside any request. */
export const queryScope = new AsyncLocalStorage<QueryScope>()

const unbounded = new AsyncLocalStorage<true>()

/**
 * Runs `fn` with the guard's own time limit lifted (migrations before the server serves: a long one must finish,
 * not be stopped and started again at every start). PostgreSQL's session `statement_timeout` still applies there.
 */
export function withoutTimeLimit<T>(fn: () => Promise<T>): Promise<T> {
  return unbounded.run(true, fn)
}

/** SQLSTATE `query_canceled`: PostgreSQL's code for a statement stopped by `statement_timeout` or a cancel request. */
export const QUERY_CANCELED = '57014'

/** The error a statement stopped by the guard rejects with; it carries PostgreSQL's code, so both engines map alike. */
export class QueryCanceledError extends Error {
  readonly code = QUERY_CANCELED
  constructor(readonly reason: 'timeout' | 'abandoned') {
    super(
      reason === 'timeout'
        ? 'canceling statement due to statement timeout'
        : 'canceling statement due to user request (the client went away)',
    )
  }
}

/** How a statement is stopped on one engine. */
export interface Canceller {
  /**
   * Stops the statement running on `client`. Resolves true when the connection is being freed (the statement's
   * promise will settle soon), false when it cannot be (an in-memory PGlite).
   */
  cancel(client: pg.Client, reason: 'timeout' | 'abandoned'): Promise<boolean>
}

export interface GuardOptions {
  /** Limit enforced by the guard's own timer (PGlite); 0 = none (PostgreSQL, which enforces it itself). */
  timeoutMs: number
  canceller: Canceller
}

type QueryFn = (...args: unknown[]) => unknown

/**
 * A client class whose promise-returning queries are watched: past `timeoutMs`, or when the request they run for is
 * abandoned, the canceller stops them and they reject with `QueryCanceledError` (code 57014).
 */
export function guardedClient(Base: typeof pg.Client, opts: GuardOptions): typeof pg.Client {
  return class GuardedClient extends Base {
    constructor(config?: string | pg.ClientConfig) {
      super(config)
      const query = this.query.bind(this) as QueryFn
      this.query = ((...args: unknown[]) => {
        const result = query(...args)
        if (!(result instanceof Promise)) return result
        const signal = queryScope.getStore()?.signal
        const timeoutMs = unbounded.getStore() ? 0 : opts.timeoutMs
        if (timeoutMs <= 0 && !signal) return result
        return watch(this, result, signal, { ...opts, timeoutMs })
      }) as typeof this.query
    }
  }
}

function watch(client: pg.Client, result: Promise<unknown>, signal: AbortSignal | undefined, opts: GuardOptions) {
  let stopped: 'timeout' | 'abandoned' | undefined
  let giveUp: ((err: Error) => void) | undefined
  const early = new Promise<never>((_, reject) => {
    giveUp = reject
  })
  early.catch(() => {})
  const stop = (reason: 'timeout' | 'abandoned') => {
    if (stopped) return
    stopped = reason
    opts.canceller.cancel(client, reason).then(
      (freeing) => {
        if (!freeing) giveUp?.(new QueryCanceledError(reason))
      },
      () => giveUp?.(new QueryCanceledError(reason)),
    )
  }
  const timer = opts.timeoutMs > 0 ? setTimeout(() => stop('timeout'), opts.timeoutMs) : undefined
  const onAbort = () => stop('abandoned')
  if (signal?.aborted) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  const done = () => {
    if (timer) clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
  return Promise.race([result, early]).then(
    (value) => {
      done()
      return value
    },
    (err: unknown) => {
      done()
      throw stopped ? new QueryCanceledError(stopped) : err
    },
  )
}

/** PostgreSQL: a cancel request for the client's running statement, sent on a fresh connection as the protocol wants. */
export function postgresCanceller(Client: typeof pg.Client, url: string): Canceller {
  return {
    async cancel(client) {
      const active = (client as unknown as { activeQuery?: unknown }).activeQuery
      if (!active) return true
      const sender = new Client({ connectionString: url }) as pg.Client & {
        cancel(target: pg.Client, query: unknown): void
      }
      sender.cancel(client, active)
      return true
    },
  }
}
