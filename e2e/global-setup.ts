/** Starts the real server with the demo county for the browser journeys; stops it afterwards. */
import type {} from 'vitest'
import type { TestProject } from 'vitest/node'
import { startServer } from './server.ts'

declare module 'vitest' {
  interface ProvidedContext {
    baseUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startServer()
  project.provide('baseUrl', server.baseUrl)
  return () => server.stop()
}
