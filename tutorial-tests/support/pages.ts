/** Finds the site's pages and reads their live blocks with the site's own parser. */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from '@eventsourcing/playground/build'
import type { ProgramPart } from '@eventsourcing/playground/compiler'
import {
  chainOf,
  parseSnippets,
  type PageSnippets,
  type PartLabel,
  type RunnableBlock,
} from '@eventsourcing/playground/shared'

/** The directory of the site's pages. */
export const CONTENT = path.join(ROOT, 'docs/content/docs')

/** Every `.md`/`.mdx` file under a directory, as paths relative to the repository root, sorted. */
export function findPages(directory = CONTENT): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.mdx?$/.test(file))
    .map((file) => path.relative(ROOT, path.join(directory, file)))
    .sort()
}

/** Reads a page's live blocks; `file` is relative to the repository root. */
export function readPage(file: string): PageSnippets {
  return parseSnippets(readFileSync(path.join(ROOT, file), 'utf8'), file)
}

/** The chain of a block as program parts placed at their page lines, with labels naming the page. */
export function chainParts(page: PageSnippets, block: RunnableBlock): { parts: ProgramPart[]; labels: PartLabel[] } {
  const chain = chainOf(page, block)
  return {
    parts: chain.map((b) => ({ code: b.code, line: b.codeLine })),
    labels: chain.map((b) => ({ label: page.file, lineOffset: b.codeLine - 1 })),
  }
}
