/**
 * Runs writer child processes (`writer-process.ts`) on the same Node as the tests. The writer is bundled
 * with esbuild from the current sources before the tests (as vitest compiles them), so the children run
 * exactly the code under test, whether or not lib/dist is built.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { build } from 'esbuild'

// Inside lib, so that the bundle resolves pg from the workspace's node_modules; dist/ is git-ignored.
const BUNDLE = resolve(import.meta.dirname, `dist/writer-process-${process.pid}.mjs`)

/** What a writer child does (see writer-process.ts). */
export interface WriterArgs {
  appName: string
  settings: Record<string, string>
  mode: 'append' | 'stream'
  writer: string
  aggregateId: string
  /** How many appends or saves; 0 streams until killed. */
  count: number
  /** When to start writing (a Date.now() time), so that several writers start together. @default at once */
  startAt?: number
}

/** Bundles the writer from the current sources; returns a function that removes the bundle. */
export async function bundleWriter(): Promise<() => void> {
  await build({
    entryPoints: [resolve(import.meta.dirname, 'writer-process.ts')],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'es2022',
    conditions: ['eventsourcing-source'],
    external: ['pg'],
    logLevel: 'silent',
  })
  return () => rmSync(BUNDLE, { force: true })
}

/** A running writer child. */
export interface Writer {
  readonly child: ChildProcess
  /** The number of saves it has acknowledged so far. */
  acknowledged(): number
  /** Resolves once it has acknowledged `count` saves. */
  waitForAcks(count: number): Promise<void>
  /** Resolves with its output when it exits with code 0 (or is killed); rejects with its stderr otherwise. */
  readonly exited: Promise<string>
}

/** Starts a writer child process. */
export function startWriter(args: WriterArgs): Writer {
  const child = spawn(process.execPath, [BUNDLE, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let acks = 0
  const waiters: { count: number; resolve: () => void }[] = []
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    acks = (stdout.match(/^ack \d+\n/gm) ?? []).length
    for (const waiter of waiters.filter((w) => acks >= w.count)) waiter.resolve()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<string>((resolvePromise, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0 || signal === 'SIGKILL') resolvePromise(stdout)
      else reject(new Error(`Writer ${args.writer} exited with code ${code}: ${stderr}`))
    })
  })
  return {
    child,
    acknowledged: () => acks,
    waitForAcks: (count) =>
      Promise.race([
        new Promise<void>((resolvePromise) =>
          acks >= count ? resolvePromise() : waiters.push({ count, resolve: resolvePromise }),
        ),
        exited.then(() => {
          throw new Error(`Writer ${args.writer} exited after ${acks} saves, before ${count}: ${stderr}`)
        }),
      ]),
    exited,
  }
}
