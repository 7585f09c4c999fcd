/** Debian's Chromium through playwright-core, headless, with a fresh profile per launch. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

/** The Chromium binary the tests use (Debian's package `chromium`). */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * A browser with its own fresh profile directory; `close()` removes the profile. `serviceWorkers: 'block'` keeps the
 * site's offline worker out, so that a test's routes see every request.
 */
export async function launchBrowser(
  options: { javaScriptEnabled?: boolean; serviceWorkers?: 'allow' | 'block' } = {},
): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(tmpdir(), 'es-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 1000 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    serviceWorkers: options.serviceWorkers ?? 'allow',
  })
  context.once('close', () => {
    // Chromium may still be writing its profile as it exits: retry, and leave it to the OS if it still fails.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 })
    } catch {
      return
    }
  })
  return context
}
