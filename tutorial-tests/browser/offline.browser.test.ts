/**
 * Reading offline, in Chromium against this checkout's build: after one visit, the service worker serves the
 * chapters, the editor, the compiler and runs with the server gone; and a new deployment's worker takes over an open
 * page. Each test serves the build from a server of its own, which it stops or replaces.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { BrowserContext } from 'playwright-core'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { generateServiceWorker } from '../../docs/offline/offline-integration'
import { launchBrowser } from './browser'
import { PlaygroundPage } from './playground-page'
import { previewSite, type PreviewServer } from './site'

const siteDir = inject('siteDir')
/** Installing the worker downloads the whole precache (about 30 MiB), which takes a while on a busy machine. */
const INSTALL_TIMEOUT_MS = 120_000

let browser: BrowserContext | undefined
let server: PreviewServer | undefined
const copies: string[] = []

afterEach(async () => {
  await browser?.close()
  await server?.stop()
  for (const copy of copies.splice(0)) rmSync(copy, { recursive: true, force: true })
})

/** Opens `url` and waits until the service worker has installed (its precache complete) and controls the page. */
async function openControlled(context: BrowserContext, url: string): Promise<PlaygroundPage> {
  const page = await PlaygroundPage.open(context, url)
  await page.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
    timeout: INSTALL_TIMEOUT_MS,
  })
  return page
}

/** A copy of the built site, removed after the test. */
function copySite(): string {
  const copy = mkdtempSync(path.join(tmpdir(), 'es-site-copy-'))
  cpSync(siteDir, copy, { recursive: true })
  copies.push(copy)
  return copy
}

describe('the site offline', () => {
  it(
    'reloads a visited chapter, opens another, and runs an edited block with the server gone',
    async () => {
      // Given a reader who visited Part 1 once
      server = await previewSite(siteDir)
      browser = await launchBrowser()
      const failed: string[] = []
      browser.on('requestfailed', (request) => failed.push(request.url()))
      const part1 = await openControlled(browser, `${server.url}/tutorial/part-1/`)

      // When the network goes: the server stops and the browser is offline
      await server.stop()
      await browser.setOffline(true)

      // Then the chapter reloads, and an edited block opens the editor, compiles and runs
      await part1.reload()
      const block = part1.block(0)
      await block.edit((await block.code()).replaceAll("'roll over'", "'sit'"))
      expect(await block.run()).toBe('done')
      expect(await block.output()).toBe("Fido knows [ 'sit' ]")
      // and another chapter opens and runs its first block
      const part2 = await PlaygroundPage.open(browser, `${server.url}/tutorial/part-2/`)
      expect(await part2.page.title()).toBe('Part 2: Aggregates | eventsourcing')
      expect(await part2.block(0).run()).toBe('done')
      // and nothing the pages asked for went unanswered
      expect(failed).toEqual([])
    },
    INSTALL_TIMEOUT_MS + 60_000,
  )

  it(
    'hands an open page over to a new deployment’s worker, which serves the new content',
    async () => {
      // Given a page controlled by the worker of the first deployment
      const first = copySite()
      server = await previewSite(first)
      const origin = server.url
      browser = await launchBrowser()
      const page = await openControlled(browser, `${origin}/tutorial/part-1/`)
      expect(await page.page.title()).toBe('Part 1: Getting started | eventsourcing')

      // When a second deployment, whose Part 1 has a new title, is served at the same origin
      const second = copySite()
      const chapter = path.join(second, 'tutorial/part-1/index.html')
      writeFileSync(chapter, readFileSync(chapter, 'utf8').replace('<title>Part 1:', '<title>New: Part 1:'))
      await generateServiceWorker(second)
      await server.stop()
      server = await previewSite(second, Number(new URL(origin).port))
      // and the browser checks for a new worker (as it does on navigations)
      const handedOver = page.page.evaluate(
        () =>
          new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve())),
      )
      await page.page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())!.update()
      })

      // Then the new worker takes the page over, and a reload shows the new content
      await handedOver
      await page.reload()
      expect(await page.page.title()).toBe('New: Part 1: Getting started | eventsourcing')
      // and the first deployment's copy of the page is gone from the caches
      const cached = await page.page.evaluate(async () => {
        const urls: string[] = []
        for (const name of await caches.keys()) {
          for (const request of await (await caches.open(name)).keys()) {
            if (new URL(request.url).pathname.startsWith('/tutorial/part-1/')) urls.push(request.url)
          }
        }
        return urls
      })
      expect(cached).toHaveLength(1)
    },
    INSTALL_TIMEOUT_MS + 60_000,
  )
})
