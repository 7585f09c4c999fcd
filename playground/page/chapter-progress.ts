// Browser only.
/**
 * Progress across the tutorial's chapters, read from the exercises' saved progress (`progress.ts`): a mark on each
 * chapter's sidebar link (✓ when every exercise is complete, "1/2" when some are), "Exercises: 1 of 2 done" at
 * the top of a chapter page, and, when a pass completes the page's last exercise, a prompt linking to the next
 * chapter (Starlight's pagination link). Which exercises each chapter has comes from the build (`Playground.astro`).
 * Loaded on every page, so it stays small: no editor, no run coordinator.
 */
import { messages } from '../shared/messages'
import { EXERCISE_COMPLETE_EVENT, loadProgress, progressKey } from './progress'

/** A chapter with exercises: its address, its page file (the exercises' `data-page`) and its exercises' names. */
export interface Chapter {
  href: string
  page: string
  exercises: string[]
}

const storage = (): Storage | undefined => {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

const pathOf = (href: string): string => new URL(href, location.href).pathname.replace(/\/?$/, '/')

/** How many of a chapter's exercises are complete. */
export function doneCount(chapter: Chapter, store: Pick<Storage, 'getItem'> | undefined = storage()): number {
  return chapter.exercises.filter((name) => loadProgress(store, progressKey(chapter.page, name)).complete === true)
    .length
}

function element(tag: string, className: string, text = ''): HTMLElement {
  return Object.assign(document.createElement(tag), { className, textContent: text })
}

function markLink(link: HTMLAnchorElement, done: number, total: number): void {
  link.querySelector('.es-chapter-mark')?.remove()
  if (done === 0) return
  const mark = element('span', 'es-chapter-mark')
  const complete = done >= total
  mark.toggleAttribute('data-complete', complete)
  const visible = element('span', '', complete ? '✓' : `${done}/${total}`)
  visible.setAttribute('aria-hidden', 'true')
  const label = element('span', 'sr-only', complete ? messages.chapterComplete : messages.exercisesDone(done, total))
  mark.append(visible, label)
  link.append(mark)
}

function showIndicator(done: number, total: number): void {
  let indicator = document.querySelector<HTMLElement>('.es-chapter-progress')
  if (!indicator) {
    indicator = element('p', 'es-chapter-progress')
    document.querySelector('.sl-markdown-content')?.prepend(indicator)
  }
  indicator.textContent = messages.chapterProgress(done, total)
  indicator.toggleAttribute('data-complete', done >= total)
}

function showNextPrompt(exercise: Element): void {
  document.querySelector('.es-next-chapter')?.remove()
  const prompt = element('p', 'es-next-chapter')
  prompt.setAttribute('role', 'status')
  const next = document.querySelector<HTMLAnchorElement>('.pagination-links a[rel="next"]')
  if (next) {
    const title = next.querySelector('.link-title')?.textContent?.trim() ?? next.textContent?.trim() ?? ''
    const link = Object.assign(document.createElement('a'), { href: next.href, textContent: title })
    prompt.append(messages.nextChapterPrompt, ' ', link)
  } else prompt.textContent = messages.lastChapterDone
  exercise.after(prompt)
}

/** Marks the sidebar and this page from saved progress; `exercise`, a just-passed exercise, may prompt for the next chapter. */
function update(chapters: Chapter[], exercise?: Element): void {
  const here = pathOf(location.href)
  const links = [...document.querySelectorAll<HTMLAnchorElement>('nav.sidebar a[href]')]
  for (const chapter of chapters) {
    const total = chapter.exercises.length
    const done = doneCount(chapter)
    const path = pathOf(chapter.href)
    for (const link of links) if (pathOf(link.href) === path) markLink(link, done, total)
    if (path !== here) continue
    showIndicator(done, total)
    if (exercise && done >= total) showNextPrompt(exercise)
  }
}

/** Shows progress now, after each exercise pass in this page, and after progress changes in another tab. */
export function showChapterProgress(chapters: Chapter[]): void {
  update(chapters)
  document.addEventListener(EXERCISE_COMPLETE_EVENT, (event) => update(chapters, event.target as Element))
  addEventListener('storage', () => update(chapters))
}
