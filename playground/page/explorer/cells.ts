// Browser only.
/**
 * The building blocks of the event explorer's tables: a table that scrolls sideways on a narrow screen, an
 * aggregate named by class and short id (the full id on hover), JSON shown compact and expanded on demand, and
 * event times.
 */
import { messages } from '../../shared/messages'
import type { ExplorerData, Json } from '../../shared/explorer-data'

/** JSON longer than this is cut in its one-line form and expands to the whole, indented. */
const COMPACT_LENGTH = 60

/** Makes an element with a class and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  if (className) element.className = className
  element.append(...children)
  return element
}

/**
 * A table with a caption and column headers, in a box that scrolls sideways (and can be scrolled by keyboard);
 * `rowClass` gives a row its class.
 */
export function table(
  caption: string,
  headers: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<Node | string>>,
  rowClass: (index: number) => string = () => '',
): HTMLElement {
  const head = el('tr', '', ...headers.map((header) => Object.assign(el('th', '', header), { scope: 'col' })))
  const body = el(
    'tbody',
    '',
    ...rows.map((cells, index) => el('tr', rowClass(index), ...cells.map((cell) => el('td', '', cell)))),
  )
  const scroll = el(
    'div',
    'es-scroll',
    el('table', 'es-table', el('caption', '', caption), el('thead', '', head), body),
  )
  scroll.tabIndex = 0
  scroll.setAttribute('role', 'region')
  scroll.setAttribute('aria-label', caption)
  return scroll
}

/** The start of a UUID, enough to tell aggregates apart. */
export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 8)}…` : id
}

/** An aggregate as `Dog 1a2b3c4d…`, with its full id as the title. */
export function aggregateCell(aggregateClass: string, id: string): HTMLElement {
  const span = el('span', 'es-aggregate', `${aggregateClass} `, el('code', '', shortId(id)))
  span.title = messages.fullId(id)
  return span
}

/** JSON on one line; when long, cut, and a click (or Enter) shows it whole and indented. */
export function jsonCell(value: Json): HTMLElement {
  const compact = JSON.stringify(value)
  if (compact.length <= COMPACT_LENGTH) return el('code', 'es-json', compact)
  const summary = el('summary', '', el('code', 'es-json', `${compact.slice(0, COMPACT_LENGTH)}…`))
  return el('details', 'es-json-more', summary, el('pre', '', JSON.stringify(value, null, 2)))
}

/** An event's time as `15:04:05.123` (local time), with the full date in `datetime`. */
export function timeCell(timestamp: number): HTMLElement {
  const date = new Date(timestamp)
  const time = el('time', '', `${date.toTimeString().slice(0, 8)}.${String(date.getMilliseconds()).padStart(3, '0')}`)
  time.dateTime = date.toISOString()
  return time
}

/** A note in the explorer, such as a cap reached. */
export function note(text: string): HTMLElement {
  return el('p', 'es-note', text)
}

/** The applications' names, numbered when two have the same name (`DogSchool #1`, `DogSchool #2`). */
export function applicationNames(data: ExplorerData): string[] {
  return numbered(data.applications.map((application) => application.name))
}

/** The views' names, numbered when two have the same name (`DogCountsView #1`, `DogCountsView #2`). */
export function viewNames(data: ExplorerData): string[] {
  return numbered(data.views.map((view) => view.name))
}

function numbered(names: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return names.map((name) => {
    if (names.indexOf(name) === names.lastIndexOf(name)) return name
    const n = (seen.get(name) ?? 0) + 1
    seen.set(name, n)
    return messages.numberedApplication(name, n)
  })
}
