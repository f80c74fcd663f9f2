#!/usr/bin/env node
// `npx xianjie …`: the command-line entrypoint over the same services as the server.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
