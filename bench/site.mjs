// Measures the tutorial site in headless Chromium against a fresh build served by `astro preview`, and prints a
// table against the targets of issue 3. No assertions: numbers for people, not a test.
//
//   npm run bench:site            (builds the library first: npm run build:lib)
//   SITE_BASELINE=<git ref> npm run bench:site
//                                 also builds that commit's site and measures its page JS, cold and warm runs in the
//                                 same run, in turn with this checkout's (e.g. the commit before a change, to state
//                                 the change's cost)
//
// - build: wall time of `astro build`.
// - page JS: JavaScript a tutorial page loads before any interaction (gzip sizes, as a server would send them).
// - editor ready: from the first click into a block's code to Monaco on screen.
// - cold run: on a fresh profile, page loaded and idle, from the click on Run to the first output line (median of 3).
// - warm run: median of 20 more Runs of the same block, 300 ms apart, click to first output line (and to the end of
//   the run); then 10 Runs 1.5 s apart, long enough for the next run's worker to be ready when clicked.
// - edited run: after an edit (so esbuild-wasm compiles it, warmed up in idle time once the editor appeared).
// - PostgreSQL block (Part 3, PGlite): on a fresh profile, the first run (downloading and starting PostgreSQL from
//   the local preview) to the end of the run, the bytes it downloaded, and the median of warm runs after the
//   database was stored and the page idle. The block runs after the page's earlier blocks, SQLite's included.
// The functions passed to page.evaluate run in the page, with the browser's globals:
/* global requestIdleCallback, setTimeout, document, performance, MutationObserver, PointerEvent, URL */
import { gzipSync } from 'node:zlib'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildSite, previewSite } from '../tutorial-tests/browser/site.ts'
import { launchBrowser } from '../tutorial-tests/browser/browser.ts'
import { emitRow } from './rows.mjs'

const PAGE = '/tutorial/part-1/'
const WARM_RUNS = 20
const COLD_RUNS = 3
/** Runs this far apart find the next run's worker ready (started and the library imported) when clicked. */
const READY_GAP_MS = 1_500
const READY_RUNS = 10
const DATABASE_PAGE = '/tutorial/part-3/'
const DATABASE_BLOCK = 'checkDogSchool(pgliteSchool'
const DATABASE_WARM_RUNS = 10

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Waits until the page has been idle (no long task) for a while. */
async function idle(page) {
  await page.waitForLoadState('networkidle')
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const wait = () => requestIdleCallback(() => setTimeout(resolve, 200), { timeout: 2000 })
        wait()
      }),
  )
}

/** Clicks Run of the `index`-th block inside the page and times the first output line and the end of the run. */
function timeRun(page, index) {
  return page.evaluate(
    (index) =>
      new Promise((resolve) => {
        const block = document.querySelectorAll('es-playground')[index]
        delete block.dataset.outcome
        const started = performance.now()
        let firstOutput
        const observer = new MutationObserver(() => {
          if (firstOutput === undefined && block.querySelector('.es-output .es-line:not(.es-note)')) {
            firstOutput = performance.now() - started
          }
          const outcome = block.dataset.outcome
          if (outcome && outcome !== 'running') {
            observer.disconnect()
            resolve({
              firstOutput: firstOutput ?? performance.now() - started,
              done: performance.now() - started,
              outcome,
            })
          }
        })
        observer.observe(block, { subtree: true, childList: true, attributes: true })
        block.querySelector('.es-run-button').click()
      }),
    index,
  )
}

const format = (ms) => `${Math.round(ms)} ms`

/**
 * A checkout of `ref` (`git worktree`) that builds as this one does: this checkout's `node_modules`, copied as hard
 * links (its workspace links are relative, so they point at the checkout's own `lib/` and `playground/`), and its
 * own library, built here. Removed by the returned function.
 */
function baselineCheckout(ref) {
  const root = fileURLToPath(new URL('..', import.meta.url))
  const dir = mkdtempSync(path.join(tmpdir(), 'es-baseline-'))
  const remove = () => {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
  }
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: root, stdio: 'ignore' })
  try {
    execFileSync('cp', ['-al', path.join(root, 'node_modules'), path.join(dir, 'node_modules')])
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: path.join(dir, 'lib'),
      stdio: 'inherit',
    })
  } catch (error) {
    remove()
    throw error
  }
  return { dir, remove }
}

/** Page JavaScript before interaction and the cold run, on a fresh profile. */
async function measureCold(url) {
  const cold = await launchBrowser()
  const page = await cold.newPage()
  const scripts = new Map()
  page.on('response', async (response) => {
    const type = response.request().resourceType()
    if (type !== 'script' && !response.url().endsWith('.js')) return
    try {
      scripts.set(response.url(), await response.body())
    } catch {
      // A response without a body (a redirect) adds nothing.
    }
  })
  await page.goto(url)
  await idle(page)
  const sizes = [...scripts].map(([address, body]) => [new URL(address).pathname, gzipSync(body, { level: 6 }).length])
  const inlineBytes = await page.evaluate(() =>
    [...document.querySelectorAll('script:not([src])')]
      .filter((script) => !script.type || script.type === 'module' || script.type === 'text/javascript')
      .reduce((sum, script) => sum + script.textContent.length, 0),
  )
  const run = await timeRun(page, 0)
  await cold.close()
  return { sizes, inlineBytes, pageKiB: sizes.reduce((sum, [, bytes]) => sum + bytes, 0) / 1024, run }
}

/** Editor ready, warm runs and an edited run, on a fresh profile. */
async function measureWarm(url) {
  const warm = await launchBrowser()
  const page = await warm.newPage()
  await page.goto(url)
  await idle(page)
  const editorMs = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const block = document.querySelectorAll('es-playground')[0]
        const started = performance.now()
        const observer = new MutationObserver(() => {
          if (block.querySelector('.monaco-editor .view-line')) {
            observer.disconnect()
            resolve(performance.now() - started)
          }
        })
        observer.observe(block, { subtree: true, childList: true })
        block.querySelector('pre').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }))
      }),
  )
  await idle(page)
  await timeRun(page, 0)
  const runs = []
  for (let i = 0; i < WARM_RUNS; i++) {
    await page.waitForTimeout(300)
    runs.push(await timeRun(page, 0))
  }
  const readyRuns = []
  for (let i = 0; i < READY_RUNS; i++) {
    await page.waitForTimeout(READY_GAP_MS)
    readyRuns.push(await timeRun(page, 0))
  }
  await page.locator('es-playground').first().locator('.view-lines').click()
  await page.keyboard.press('ControlOrMeta+End')
  await page.keyboard.type('\nconsole.log(dog.tricks.length)')
  await idle(page)
  const edited = await timeRun(page, 0)
  await warm.close()
  return { editorMs, runs, readyRuns, edited }
}

const baselineRef = process.env.SITE_BASELINE || undefined
const startedBuild = performance.now()
const outDir = await buildSite()
const buildMs = performance.now() - startedBuild
const server = await previewSite(outDir)
let baseline
let baselineOut
let baselineServer
const url = server.url + PAGE
const rows = []
let scriptSizes = []
// The same figures as numbers, for `npm run bench`'s table (see rows.mjs).
const figures = {}

try {
  if (baselineRef) {
    baseline = baselineCheckout(baselineRef)
    baselineOut = await buildSite(baseline.dir)
    baselineServer = await previewSite(baselineOut)
  }

  // Cold runs on fresh profiles, this build and the baseline's in turn.
  const colds = []
  const baselineColds = []
  for (let i = 0; i < COLD_RUNS; i++) {
    colds.push(await measureCold(url))
    if (baselineServer) baselineColds.push(await measureCold(baselineServer.url + PAGE))
  }
  scriptSizes = colds[0].sizes
  figures.pageKiB = colds[0].pageKiB
  figures.baselinePageKiB = baselineColds[0]?.pageKiB
  rows.push([
    'page JS before interaction (gzip)',
    `${figures.pageKiB.toFixed(1)} KiB in ${scriptSizes.length} files (+${(colds[0].inlineBytes / 1024).toFixed(1)} KiB inline, raw)` +
      (baselineColds.length ? `; before: ${baselineColds[0].pageKiB.toFixed(1)} KiB` : ''),
    '<= 40 KiB',
  ])
  figures.coldRuns = colds.map((cold) => cold.run.firstOutput)
  figures.coldMs = median(figures.coldRuns)
  figures.baselineColdRuns = baselineColds.map((cold) => cold.run.firstOutput)
  rows.push([
    `cold run median of ${COLD_RUNS}: click to first output`,
    `${format(figures.coldMs)} (${colds.map((cold) => `${format(cold.run.firstOutput)} ${cold.run.outcome}`).join(', ')})` +
      (baselineColds.length ? `; before: ${format(median(figures.baselineColdRuns))}` : ''),
    '<= 400 ms',
  ])

  // Editor ready and warm runs, on other fresh profiles.
  const warm = await measureWarm(url)
  const baselineWarm = baselineServer ? await measureWarm(baselineServer.url + PAGE) : undefined
  figures.editorMs = warm.editorMs
  rows.push(['editor ready after first click', format(warm.editorMs), '-'])
  rows.push([
    'edited run: click to first output',
    `${format(warm.edited.firstOutput)} (run ended after ${format(warm.edited.done)}, ${warm.edited.outcome})`,
    '-',
  ])
  figures.warmRuns = warm.runs.map((r) => r.firstOutput)
  figures.warmMs = median(figures.warmRuns)
  figures.baselineWarmRuns = baselineWarm?.runs.map((r) => r.firstOutput) ?? []
  rows.push([
    `warm run median of ${WARM_RUNS}: click to first output`,
    `${format(figures.warmMs)} (to the end of the run: ${format(median(warm.runs.map((r) => r.done)))})` +
      (baselineWarm ? `; before: ${format(median(figures.baselineWarmRuns))}` : ''),
    '<= 30 ms',
  ])
  figures.readyRuns = warm.readyRuns.map((r) => r.firstOutput)
  figures.readyMs = median(figures.readyRuns)
  figures.baselineReadyRuns = baselineWarm?.readyRuns.map((r) => r.firstOutput) ?? []
  rows.push([
    `warm run median of ${READY_RUNS}, ${READY_GAP_MS / 1000} s apart (worker ready): click to first output`,
    `${format(figures.readyMs)}` + (baselineWarm ? `; before: ${format(median(figures.baselineReadyRuns))}` : ''),
    '<= 30 ms',
  ])

  // Part 3's PostgreSQL block, on a fresh profile.
  const databases = await launchBrowser()
  const page3 = await databases.newPage()
  let downloaded = 0
  page3.on('response', async (response) => {
    try {
      downloaded += (await response.body()).length
    } catch {
      // A response without a body adds nothing.
    }
  })
  await page3.goto(server.url + DATABASE_PAGE)
  await idle(page3)
  const index = await page3.evaluate(
    (text) => [...document.querySelectorAll('es-playground')].findIndex((e) => e.dataset.code.includes(text)),
    DATABASE_BLOCK,
  )
  const beforeRun = downloaded
  const firstDatabaseRun = await timeRun(page3, index)
  const databaseBytes = downloaded - beforeRun
  const stored = async () =>
    page3.waitForFunction(
      (index) => document.querySelectorAll('es-playground')[index].innerText.includes('Stored in this browser'),
      index,
      { timeout: 120_000 },
    )
  await stored()
  const databaseRuns = []
  for (let i = 0; i < DATABASE_WARM_RUNS; i++) {
    await idle(page3)
    await page3.waitForTimeout(500)
    databaseRuns.push(await timeRun(page3, index))
    await stored()
  }
  await databases.close()
  figures.databaseColdMs = firstDatabaseRun.done
  figures.databaseBytes = databaseBytes
  figures.databaseWarmRuns = databaseRuns.map((r) => r.done)
  figures.databaseWarmMs = median(figures.databaseWarmRuns)
  rows.push([
    'PostgreSQL block, first run (WASM loaded)',
    `${format(firstDatabaseRun.done)} (${firstDatabaseRun.outcome}), ${(databaseBytes / 1e6).toFixed(1)} MB downloaded`,
    '<= 3000 ms',
  ])
  rows.push([
    `PostgreSQL block, warm run median of ${DATABASE_WARM_RUNS}`,
    `${format(figures.databaseWarmMs)} (${databaseRuns.map((r) => r.outcome).join(', ')})`,
    '<= 100 ms',
  ])
} finally {
  await server.stop()
  await baselineServer?.stop()
  rmSync(outDir, { recursive: true, force: true })
  if (baselineOut) rmSync(baselineOut, { recursive: true, force: true })
  baseline?.remove()
}

rows.unshift(['astro build', format(buildMs), '-'])
const widths = [0, 1, 2].map((column) =>
  Math.max(...[['measure', 'value', 'target'], ...rows].map((row) => row[column].length)),
)
const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ')
console.log(line(['measure', 'value', 'target']))
console.log(widths.map((width) => '-'.repeat(width)).join('  '))
for (const row of rows) console.log(line(row))
console.log('\nJavaScript loaded before interaction (gzip bytes):')
for (const [name, bytes] of scriptSizes.sort((a, b) => b[1] - a[1]))
  console.log(`  ${String(bytes).padStart(7)}  ${name}`)

/** A row's baseline fields: the same figure of the site at `SITE_BASELINE`, measured in this run. */
const before = (runs) =>
  runs.length ? { baseline: { name: `site at ${baselineRef}`, value: median(runs), runs } } : {}
const siteRow = (figure, unit, ours, target, extra = {}) =>
  emitRow({ part: 'site', figure, unit, better: 'lower', ours: ours ?? null, ...(target ? { target } : {}), ...extra })
siteRow('astro build', 'ms', buildMs)
siteRow(
  'page JS before interaction, gzip',
  'KiB',
  figures.pageKiB,
  { text: '<= 40 KiB', met: figures.pageKiB <= 40 },
  figures.baselinePageKiB === undefined ? {} : before([figures.baselinePageKiB]),
)
siteRow(
  `cold run after idle, median of ${COLD_RUNS}: click to first output`,
  'ms',
  figures.coldMs,
  { text: '<= 400 ms', met: figures.coldMs <= 400 },
  { runs: figures.coldRuns, ...before(figures.baselineColdRuns) },
)
siteRow('editor ready after the first click', 'ms', figures.editorMs)
siteRow(
  `warm run median of ${WARM_RUNS}: click to first output`,
  'ms',
  figures.warmMs,
  { text: '<= 30 ms', met: figures.warmMs <= 30 },
  { runs: figures.warmRuns, ...before(figures.baselineWarmRuns) },
)
siteRow(
  `warm run median of ${READY_RUNS}, ${READY_GAP_MS / 1000} s apart (worker ready): click to first output`,
  'ms',
  figures.readyMs,
  { text: '<= 30 ms', met: figures.readyMs <= 30 },
  { runs: figures.readyRuns, ...before(figures.baselineReadyRuns) },
)
siteRow('PostgreSQL block (Part 3): first run, WASM loaded, to the end of the run', 'ms', figures.databaseColdMs, {
  text: '<= 3000 ms',
  met: figures.databaseColdMs <= 3000,
  issue: 15,
})
siteRow('PostgreSQL block (Part 3): bytes downloaded by the first run', 'KiB', figures.databaseBytes / 1024)
siteRow(
  `PostgreSQL block (Part 3): warm run median of ${DATABASE_WARM_RUNS}, to the end of the run`,
  'ms',
  figures.databaseWarmMs,
  { text: '<= 100 ms', met: figures.databaseWarmMs <= 100, issue: 15 },
  { runs: figures.databaseWarmRuns },
)
