/** Builds the site once for all browser tests and serves it; the tests read its URL with `inject('siteUrl')`. */
import { rmSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { buildSite, previewSite } from './site'

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = await buildSite()
  const server = await previewSite(outDir)
  project.provide('siteUrl', server.url)
  return async () => {
    await server.stop()
    rmSync(outDir, { recursive: true, force: true })
  }
}
