#!/usr/bin/env node
// the launcher: registers tsx's loader so the TypeScript sources run as they are (tsx is
// installed by `npm ci`), then starts the CLI
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/start.ts')
