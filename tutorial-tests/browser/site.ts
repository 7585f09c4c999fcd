/**
 * Builds the site from this checkout and serves it with `astro preview` on a free port, for the browser tests and
 * the bench. The build goes to a temporary directory; the preview server ignores Astro's preview lock, so that it
 * runs beside a reader's own `npm start`. Both run on this process's Node (Node 24 under `npm test`).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'

/** The repository's root directory. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ASTRO = path.join(ROOT, 'node_modules/astro/bin/astro.mjs')
// NODE_ENV is vitest's 'test' under the browser tests: build as `npm start` does, or Starlight leaves search out.
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' }

/**
 * Runs `astro build` into a fresh temporary directory and returns it. `root` is the checkout to build (the bench
 * builds an earlier commit's checkout too, to compare); Astro itself is this checkout's.
 */
export async function buildSite(root = ROOT): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), 'es-site-'))
  const child = spawn(process.execPath, [ASTRO, 'build', '--outDir', outDir], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let log = ''
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) {
    rmSync(outDir, { recursive: true, force: true })
    throw new Error(`astro build failed (exit code ${code}):\n${log.slice(-4_000)}`)
  }
  return outDir
}

/** A running preview server. */
export interface PreviewServer {
  url: string
  stop(): Promise<void>
}

/**
 * Serves a built site with `astro preview` on 127.0.0.1 and `port`, by default one the system picks. (A service
 * worker belongs to an origin, port included: serving a new build at the same origin is how its update is tested.)
 */
export async function previewSite(outDir: string, port = 0): Promise<PreviewServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    [ASTRO, 'preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--ignore-lock'],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let log = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`astro preview did not start in 30 s:\n${log}`)), 30_000)
    const read = (chunk: Buffer) => {
      log += chunk.toString()
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(stripVTControlCharacters(log))
      if (match && match[1] !== '0') {
        clearTimeout(timer)
        resolve(`http://127.0.0.1:${match[1]}`)
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`astro preview exited (code ${code}):\n${log}`))
    })
  })
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}
