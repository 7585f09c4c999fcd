/**
 * `/playground-compiled/<page>.json`: the programs a page's live blocks and exercises run when the reader has not
 * edited them, compiled at build time (see `playground/build/precompile.ts`).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { APIRoute, GetStaticPaths } from 'astro'
import { getCollection } from 'astro:content'
import { precompilePage } from '@eventsourcing/playground/build'

const CONTENT = 'docs/content/docs/'
/** The project root: Astro builds from it, and entries' `filePath`s are relative to it. (This file is bundled, so
 * its own URL says nothing about where the sources are.) */
const ROOT = process.cwd()

export const getStaticPaths = (async () => {
  const entries = await getCollection('docs')
  return entries.flatMap((entry) => {
    if (!entry.filePath) return []
    const source = readFileSync(path.resolve(ROOT, entry.filePath), 'utf8')
    if (!/\b(runnable|exercise=)/.test(source)) return []
    const file = path.relative(path.join(ROOT, CONTENT), path.resolve(ROOT, entry.filePath))
    return [{ params: { page: file.replace(/\.mdx?$/, '') }, props: { source, file: path.join(CONTENT, file) } }]
  })
}) satisfies GetStaticPaths

export const GET: APIRoute = async ({ props }) => {
  const { source, file } = props as { source: string; file: string }
  return new Response(JSON.stringify(await precompilePage(source, file)), {
    headers: { 'Content-Type': 'application/json' },
  })
}
