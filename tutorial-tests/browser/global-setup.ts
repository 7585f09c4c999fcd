/**
 * Builds the site once for all browser tests and serves it; the tests read its URL with `inject('siteUrl')`, and the
 * built directory with `inject('siteDir')` (to serve it from a server of their own, which they may stop).
 */
import { rmSync } from 'node:fs'
import type { TestProject } from 'vitest/node'
import { buildSite, previewSite } from './site'

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string
    siteDir: string
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = await buildSite()
  const server = await previewSite(outDir)
  project.provide('siteUrl', server.url)
  project.provide('siteDir', outDir)
  return async () => {
    await server.stop()
    rmSync(outDir, { recursive: true, force: true })
  }
}
