/**
 * `npm run bench [-- <part> ...] [--runs N] [--quick] [--profile]`: runs the benchmarks of issues 8 and 12
 * and prints one table (figure, ours, baseline, ratio, target), then a summary of the targets.
 *
 * Each part runs in a fresh Node process of its own (with --expose-gc), so that one part's heap and JIT
 * state never colour another's. The parts are TypeScript (the DogSchool uses decorators), bundled here
 * with esbuild for es2022, with packages left external. `eventsourcing/*` resolves to a private build of
 * `lib/src`, made with the library's own `tsc -p lib/tsconfig.build.json` (so the same JavaScript as
 * `lib/dist`) into `.bench-output/build/node_modules/eventsourcing/`: other work that rebuilds `lib/dist`
 * (`npm test` deletes it first) cannot pull it from under a running benchmark, and the persistence
 * modules that the library imports by name load that same copy. Parts print their figures as
 * `BENCH_ROW` lines (see `rows.mjs`); `site` runs `bench/site.mjs` with the same protocol when that
 * script exists.
 *
 * Each comparison runs its sides interleaved, `--runs N` runs a side (default 3) after a discarded warm-up
 * of each, in ABBA order; a figure is the median of its runs, with their range in brackets, and a ratio is
 * the ratio of the medians, with the range of the per-pair ratios in brackets. A target is judged on the
 * median (or the ratio of medians); the summary also says in how many runs (or pairs) it held.
 *
 * Options: `--runs N` sets the runs a side; `--quick` runs every part small and once (a smoke test,
 * figures meaningless); `--profile` records a CPU profile of each phase of our runs (registering,
 * teaching, rebuilding, paging) into `.bench-output/profiles/<part>/` and prints where our library spends
 * its time (`profile-summary.mjs`); `--no-inline` with it turns off V8's inlining, so that time lands on
 * the function that spent it. Results also go to `.bench-output/latest.json` and `.bench-output/latest.md`.
 */
import { spawn, spawnSync } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import os from 'node:os'
import { dirname, join, relative } from 'node:path'
import { performance } from 'node:perf_hooks'
import { clearTimeout, setTimeout } from 'node:timers'
import { fileURLToPath } from 'node:url'
import { parseRow } from './rows.mjs'
import { summariseProfile } from './profile-summary.mjs'

const BENCH = dirname(fileURLToPath(import.meta.url))
const ROOT = dirname(BENCH)
const OUTPUT = join(ROOT, '.bench-output')
const BUILD = join(OUTPUT, 'build')
const LIBRARY = join(BUILD, 'node_modules', 'eventsourcing')
const PARTS = ['memory', 'sqlite', 'postgres', 'pglite', 'log', 'long', 'emmett', 'system', 'projection', 'site']
/** A part that runs longer than this is stopped, so that the whole run stays bounded. */
const PART_TIMEOUT_MS = 8 * 60 * 1000
const COLUMNS = ['part', 'figure', 'ours', 'baseline', 'ratio', 'target', 'note']
const RATIO_NOTE =
  'ours, baseline: median of the runs [min-max]. ratio: ours relative to the baseline, above 1 when ours is better ' +
  '(rates: ours / baseline; times: baseline / ours), as the ratio of the medians [range of the per-pair ratios]. ' +
  'target: judged on the median or the ratio of medians (held in k/n runs or interleaved pairs).'
/** The part whose targets come from an issue of their own, when its rows do not say. */
const DEFAULT_ISSUE = { site: 3 }

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const profile = args.includes('--profile')
const noInline = args.includes('--no-inline')
const runsOption = readRunsOption(args)
const unknown = args.filter(
  (arg, index) => !arg.startsWith('--') && !PARTS.includes(arg) && !(args[index - 1] === '--runs'),
)
if (unknown.length > 0) {
  console.error(`Unknown part ${unknown.join(', ')}: the parts are ${PARTS.join(', ')}.`)
  process.exit(2)
}
const chosen = args.filter((arg) => PARTS.includes(arg))
const parts = chosen.length > 0 ? chosen : PARTS

const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 22 || (major === 22 && minor < 13)) {
  console.error(
    `This is Node ${process.versions.node}, which has no node:sqlite. Run the benchmarks through npm ` +
      `(npm run bench), which uses the project's Node 24.`,
  )
  process.exit(2)
}

/** The value of `--runs N` (or `--runs=N`): a whole number of runs a side, at least 1. */
function readRunsOption(argv) {
  const index = argv.findIndex((arg) => arg === '--runs' || arg.startsWith('--runs='))
  if (index < 0) return undefined
  const value = Number(argv[index].includes('=') ? argv[index].split('=')[1] : argv[index + 1])
  if (!Number.isInteger(value) || value < 1) {
    console.error('--runs needs a whole number of runs a side, at least 1: --runs 5.')
    process.exit(2)
  }
  return value
}

mkdirSync(OUTPUT, { recursive: true })
const startedAt = new Date()
const runStarted = performance.now()
const loadBefore = os.loadavg()
buildLibrary()
await bundleParts()

const rows = []
for (const part of parts) {
  console.error(`\n== ${part}`)
  const started = performance.now()
  rows.push(...(await runPart(part)))
  console.error(`   (${((performance.now() - started) / 1000).toFixed(1)} s)`)
}
const loadAfter = os.loadavg()

const elapsed = (performance.now() - runStarted) / 1000
const header = describeMachine(startedAt, loadBefore, loadAfter, elapsed)
const table = formatTable(rows)
console.log(`\n${header}\n\n${table}\n\n${formatTargets(rows)}`)
writeFileSync(join(OUTPUT, 'latest.json'), JSON.stringify({ header, rows }, null, 2))
writeFileSync(
  join(OUTPUT, 'latest.md'),
  `${header}\n\n${formatMarkdown(rows)}\n\n${formatTargets(rows, { markdown: true })}\n`,
)

/** Compiles `lib/src` into the benchmarks' private copy of the package, unless it is up to date. */
function buildLibrary() {
  const stamp = join(LIBRARY, '.source-mtime')
  const newest = String(newestMtime(join(ROOT, 'lib', 'src')))
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === newest) return
  console.error('Compiling lib/src for the benchmarks (tsc -p lib/tsconfig.build.json) ...')
  rmSync(LIBRARY, { recursive: true, force: true })
  mkdirSync(LIBRARY, { recursive: true })
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
  const options = ['--outDir', join(LIBRARY, 'dist'), '--declaration', 'false', '--declarationMap', 'false']
  const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'lib', 'tsconfig.build.json'), ...options], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (result.status !== 0) {
    console.error('The library does not compile; fix lib/src first.')
    process.exit(1)
  }
  copyFileSync(join(ROOT, 'lib', 'package.json'), join(LIBRARY, 'package.json'))
  // The library's own dependencies (uuid) as the workspace installed them for it.
  if (existsSync(join(ROOT, 'lib', 'node_modules')))
    symlinkSync(join(ROOT, 'lib', 'node_modules'), join(LIBRARY, 'node_modules'))
  writeFileSync(stamp, newest)
}

function newestMtime(folder) {
  let newest = 0
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path))
    else if (entry.name.endsWith('.ts') && !entry.name.includes('.test'))
      newest = Math.max(newest, statSync(path).mtimeMs)
  }
  return newest
}

async function bundleParts() {
  const { build } = await import('esbuild')
  const entryPoints = PARTS.filter((part) => part !== 'site').map((part) => join(BENCH, 'src', 'parts', `${part}.ts`))
  await build({
    entryPoints,
    outdir: BUILD,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    packages: 'external',
    keepNames: true,
    logLevel: 'warning',
  })
}

/** Runs one part in its own process and returns its rows (or a row that says why it has none). */
async function runPart(part) {
  if (part === 'site') {
    const script = join(BENCH, 'site.mjs')
    if (!existsSync(script)) {
      return [
        {
          part,
          figure: 'site figures (JS before interaction, first run, warm run, editor ready, astro build)',
          ours: null,
          note: 'not available yet: bench/site.mjs (the site part, issue 3) does not exist',
        },
      ]
    }
    return runScript(part, script, [])
  }
  return runScript(part, join(BUILD, `${part}.js`), ['--expose-gc'])
}

function runScript(part, script, nodeOptions) {
  const profileDir = join(OUTPUT, 'profiles', part)
  const flags = [...nodeOptions]
  const env = { ...process.env, BENCH_ROOT: ROOT }
  if (profile) {
    rmSync(profileDir, { recursive: true, force: true })
    mkdirSync(profileDir, { recursive: true })
    env.BENCH_PROFILE_DIR = profileDir
    // Without inlining, each function's own time is its own (inlined callees are otherwise charged to
    // their callers); everything runs slower, so the figures of a profiled run are not comparable.
    if (noInline) flags.push('--no-turbo-inlining', '--no-maglev-inlining')
  }
  return new Promise((resolve) => {
    const partArgs = [
      ...(quick ? ['--quick'] : []),
      ...(runsOption === undefined ? [] : ['--runs', String(runsOption)]),
    ]
    const child = spawn(process.execPath, [...flags, script, ...partArgs], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const rows = []
    let lastError = ''
    let buffered = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk) => {
      buffered += chunk
      const lines = buffered.split('\n')
      buffered = lines.pop()
      for (const line of lines) {
        const row = parseRow(line)
        if (row) rows.push({ part, ...row })
        else if (line.trim()) process.stderr.write(`  ${line}\n`)
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk)
      const lines = chunk.trim().split('\n').filter(Boolean)
      if (lines.length > 0) lastError = lines.at(-1)
    })
    const timer = setTimeout(() => {
      lastError = `stopped after ${PART_TIMEOUT_MS / 60000} minutes`
      child.kill('SIGTERM')
    }, PART_TIMEOUT_MS)
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code !== 0) {
        rows.push({
          part,
          figure: '(part failed)',
          ours: null,
          note: `exit ${code}: ${lastError.trim().slice(0, 160)}`,
        })
      } else if (rows.length === 0) {
        rows.push({
          part,
          figure: '(no rows)',
          ours: null,
          note: `${relative(ROOT, script)} printed no BENCH_ROW lines (see rows.mjs); its own output is above`,
        })
      }
      if (profile && existsSync(profileDir)) {
        // Ours only; the baselines' profiles are kept beside them for comparison.
        for (const file of readdirSync(profileDir).sort()) {
          if (file.startsWith('ours') && file.endsWith('.cpuprofile')) {
            console.error(summariseProfile(join(profileDir, file), ROOT))
          }
        }
      }
      resolve(rows)
    })
  })
}

function describeMachine(date, before, after, seconds) {
  const cpus = os.cpus()
  const load = (values) => values.map((value) => value.toFixed(2)).join(' ')
  const runs = runsOption ?? (quick ? 1 : 3)
  return [
    `eventsourcing benchmarks, ${date.toISOString().replace('T', ' ').slice(0, 16)} UTC` +
      (quick ? ' (--quick)' : '') +
      `, parts: ${parts.join(' ')}, ${runs} run${runs === 1 ? '' : 's'} a side, ${Math.floor(seconds / 60)} min ` +
      `${Math.round(seconds % 60)} s`,
    `machine: ${cpus.length} x ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.versions.node}, ${os.platform()} ${os.release()}`,
    `load average (1, 5, 15 min): ${load(before)} before, ${load(after)} after`,
  ].join('\n')
}

/** A number as the table shows it: thousands separators for rates, two decimals for small values. */
function formatNumber(value, unit) {
  if (value === null || value === undefined) return '-'
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
  const text = value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
  return unit === '/s' || unit === 'x' ? text : `${text} ${unit}`
}

function formatRange(runs, unit) {
  if (!runs || runs.length < 2) return ''
  return ` [${formatNumber(Math.min(...runs), unit)}-${formatNumber(Math.max(...runs), unit)}]`
}

/** The ratio of the medians, above 1 when ours is better. */
function ratio(row) {
  const base = row.baseline?.value
  if (row.ours === null || row.ours === undefined || base === null || base === undefined) return undefined
  return row.better === 'lower' ? base / row.ours : row.ours / base
}

/** The ratio of the medians, with the range of the per-pair ratios when there are several pairs. */
function ratioCell(row) {
  const r = ratio(row)
  if (r === undefined) return ''
  const pairs = row.pairRatios ?? []
  const range = pairs.length > 1 ? ` [${Math.min(...pairs).toFixed(2)}-${Math.max(...pairs).toFixed(2)}]` : ''
  return `${r.toFixed(2)}${range}`
}

/** A target, whether the median meets it, and in how many runs or pairs it held. */
function targetCell(row) {
  const target = row.target
  if (!target) return ''
  const held = target.held ? ` (${target.held.met}/${target.held.of} ${target.held.by})` : ''
  return `${target.text}: ${target.met ? 'met' : 'MISSED'}${held}`
}

function cells(row) {
  return [
    row.part,
    row.figure + (row.unit === '/s' ? ' (/s)' : ''),
    row.ours === null || row.ours === undefined
      ? '-'
      : formatNumber(row.ours, row.unit) + formatRange(row.runs, row.unit),
    row.baseline
      ? `${row.baseline.name}: ${formatNumber(row.baseline.value, row.unit)}${formatRange(row.baseline.runs, row.unit)}`
      : '',
    ratioCell(row),
    targetCell(row),
  ]
}

/** The rows' notes, numbered; a row's note column holds its number. */
function footnotes(rows) {
  let n = 0
  return rows.map((row) =>
    row.note ? { mark: `[${++n}]`, text: `[${n}] ${row.part}, ${row.figure}: ${row.note}` } : undefined,
  )
}

function formatTable(rows) {
  const notes = footnotes(rows)
  const body = rows.map((row, index) => [...cells(row), notes[index]?.mark ?? ''])
  const widths = COLUMNS.map((column, index) => Math.max(column.length, ...body.map((cell) => cell[index].length)))
  const line = (values) =>
    values
      .map((value, index) => value.padEnd(widths[index]))
      .join('  ')
      .trimEnd()
  return [
    line(COLUMNS),
    line(widths.map((width) => '-'.repeat(width))),
    ...body.map(line),
    '',
    RATIO_NOTE,
    ...notes.filter(Boolean).map((note) => note.text),
  ].join('\n')
}

function formatMarkdown(rows) {
  const escape = (text) => text.replaceAll('|', '\\|')
  const notes = footnotes(rows)
  return [
    `| ${COLUMNS.join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
    ...rows.map((row, index) => `| ${[...cells(row), notes[index]?.mark ?? ''].map(escape).join(' | ')} |`),
    '',
    RATIO_NOTE,
    '',
    ...notes.filter(Boolean).map((note) => `- ${note.text}`),
  ].join('\n')
}

/**
 * The targets, one line each: the issue that set it, the figure, the value judged (the median, or the
 * ratio of medians with the range of the per-pair ratios), the target and whether it is met.
 */
function formatTargets(rows, { markdown = false } = {}) {
  const columns = ['issue', 'part', 'figure', 'judged on', 'target', 'verdict']
  const body = rows
    .filter((row) => row.target)
    .map((row) => {
      const r = ratio(row)
      const judged =
        r !== undefined && row.target.text.includes(' x ')
          ? `ratio ${ratioCell(row)}`
          : formatNumber(row.ours, row.unit) + (row.unit === '/s' ? '/s' : '') + formatRange(row.runs, row.unit)
      const held = row.target.held ? ` (${row.target.held.met}/${row.target.held.of} ${row.target.held.by})` : ''
      return [
        String(row.target.issue ?? DEFAULT_ISSUE[row.part] ?? ''),
        row.part,
        row.figure,
        judged,
        row.target.text,
        `${row.target.met ? 'met' : 'MISSED'}${held}`,
      ]
    })
    .sort((a, b) => Number(b[0] || 0) - Number(a[0] || 0))
  const met = body.filter((cell) => cell[5].startsWith('met')).length
  const title = `Targets: ${met} of ${body.length} met`
  if (markdown) {
    const escape = (text) => text.replaceAll('|', '\\|')
    return [
      `**${title}**`,
      '',
      `| ${columns.join(' | ')} |`,
      `| ${columns.map(() => '---').join(' | ')} |`,
      ...body.map((cell) => `| ${cell.map(escape).join(' | ')} |`),
    ].join('\n')
  }
  const widths = columns.map((column, index) => Math.max(column.length, ...body.map((cell) => cell[index].length)))
  const line = (values) =>
    values
      .map((value, index) => value.padEnd(widths[index]))
      .join('  ')
      .trimEnd()
  return [title, '', line(columns), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)].join('\n')
}
