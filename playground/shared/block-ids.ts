// Pure.
/**
 * Stable ids for a page's live blocks, which share links name (`share-link.ts`). A link must keep opening the same
 * block after the chapter is rebuilt with unrelated edits, so an id is not the block's position in the page (a
 * block added anywhere above would shift it) but its place in its section:
 *
 * - a block with an `id="name"` option has that id;
 * - any other displayed block has `<section>-<n>`: the slug of the nearest heading above it (`top` when none), and
 *   its ordinal among the section's displayed blocks, from 1 (`defining-an-aggregate-2`);
 * - an exercise has `exercise-<name>`;
 * - a hidden setup block has none (it is never shown, so never shared).
 *
 * Edits to prose, to a block's code or to other sections keep the ids; renaming a heading, or adding a block
 * before another in the same section, changes them (give a block an explicit id where that matters).
 */
import type { Fence } from './snippets'

/** What an explicit `id="…"` option must look like: lower-case letters and digits, in words joined by `-`. */
export const EXPLICIT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** The section a block is in when no heading precedes it. */
export const TOP_SECTION = 'top'

/**
 * The slug of a heading's text, as GitHub and Starlight make heading anchors: lower case, inline code and
 * punctuation dropped, spaces as `-`. Ids never contain `.`, which share links use as a separator.
 */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** One heading of a page: its slug (made unique within the page, as anchors are) and its 1-based line. */
export interface Heading {
  slug: string
  line: number
}

/** The page's Markdown headings (`#` to `######`), outside fences and front matter, with unique slugs. */
export function headings(source: string, fences: readonly Fence[]): Heading[] {
  const lines = source.split(/\r?\n/)
  const inFence = new Set(fences.flatMap((fence) => range(fence.line, fence.endLine)))
  let firstBody = 1
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((text, i) => i > 0 && text.trim() === '---')
    if (end > 0) firstBody = end + 2
  }
  const seen = new Map<string, number>()
  const found: Heading[] = []
  for (let line = firstBody; line <= lines.length; line++) {
    if (inFence.has(line)) continue
    const match = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(lines[line - 1]!)
    if (!match) continue
    const base = slugify(match[1]!)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    found.push({ slug: count === 0 ? base : `${base}-${count}`, line })
  }
  return found
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

/**
 * Gives each displayed block its id: `explicit` when set, else `<section>-<n>` (see the file's comment).
 * @param blocks The page's blocks in page order: the line of their fence, whether hidden, and their `id` option.
 * @returns One id per block, `undefined` for hidden blocks.
 */
export function blockIds(
  blocks: ReadonlyArray<{ line: number; hidden: boolean; explicit?: string }>,
  pageHeadings: readonly Heading[],
): Array<string | undefined> {
  const ordinals = new Map<string, number>()
  return blocks.map((block) => {
    if (block.hidden) return undefined
    const section = pageHeadings.findLast((heading) => heading.line < block.line)?.slug || TOP_SECTION
    const ordinal = (ordinals.get(section) ?? 0) + 1
    ordinals.set(section, ordinal)
    return block.explicit ?? `${section}-${ordinal}`
  })
}

/** The id of an exercise. */
export function exerciseId(name: string): string {
  return `exercise-${slugify(name)}`
}
