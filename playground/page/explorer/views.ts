// Browser only.
/**
 * The Events tab's views (`eventsourcing/projection`): each view the run constructed, shown below the log it has
 * processed (so the reader sees the events and what the view made of them together), with how far it has processed
 * each log, as the positions of process applications are shown (`follows.ts`), and its rows: a key/value table of
 * its public fields, and one per field that holds a `Map` or an object, such as counts by kind.
 */
import type { ExplorerData, Json, ViewSnapshot } from '../../shared/explorer-data'
import { el, jsonCell, note, table } from './cells'
import { renderFollows } from './follows'

/** The strings of the views, the explorer chunk's own (see `followsMessages`). */
export const viewsMessages = {
  positionsLabel: (view: string) => `Logs ${view} has processed`,
  viewLabel: (view: string) => `View ${view}`,
  fields: (view: string) => `${view}: fields`,
  field: (view: string, field: string) => `${view}: ${field}`,
  columnField: 'Field',
  columnKey: 'Key',
  columnValue: 'Value',
  noFields: (view: string) => `${view} has no public fields to show (private #fields are not shown).`,
  positionsUnreadable: (view: string, error: string) =>
    `How far ${view} has processed the logs could not be read: ${error}`,
  viewsNoun: 'views',
} as const

/**
 * The index of the application below whose log each view is shown: the first one it has processed some of;
 * `undefined` for a view that has processed none (shown after the logs).
 */
export function viewPlaces(data: ExplorerData): Array<number | undefined> {
  return data.views.map(
    (view) => view.positions.find((p) => p.position > 0 && p.application !== undefined)?.application,
  )
}

/** One view: its positions in the logs it has processed (in every log, if none), and its rows. */
export function renderView(
  data: ExplorerData,
  view: ViewSnapshot,
  name: string,
  names: readonly string[],
): HTMLElement {
  const section = el('section', 'es-view')
  section.setAttribute('aria-label', viewsMessages.viewLabel(name))
  if (view.error !== undefined) {
    section.append(note(viewsMessages.positionsUnreadable(name, view.error)))
  } else {
    const processed = view.positions.filter((p) => p.position > 0)
    const shown = processed.length ? processed : view.positions
    if (shown.length) section.append(renderFollows(data, shown, name, names, viewsMessages.positionsLabel(name)))
  }
  section.append(...renderRows(view.rows, name))
  return section
}

/** The view's fields as a key/value table, and each field holding a Map or an object as a table of its own. */
function renderRows(rows: ViewSnapshot['rows'], name: string): HTMLElement[] {
  const entries = Object.entries(rows)
  if (entries.length === 0) return [note(viewsMessages.noFields(name))]
  const isRecord = (value: Json): value is { [key: string]: Json } =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
  const scalars = entries.filter(([, value]) => !isRecord(value))
  const tables: HTMLElement[] = []
  if (scalars.length) {
    tables.push(
      table(
        viewsMessages.fields(name),
        [viewsMessages.columnField, viewsMessages.columnValue],
        scalars.map(([field, value]) => [field, jsonCell(value)]),
      ),
    )
  }
  for (const [field, value] of entries) {
    if (!isRecord(value)) continue
    tables.push(
      table(
        viewsMessages.field(name, field),
        [viewsMessages.columnKey, viewsMessages.columnValue],
        Object.entries(value).map(([key, item]) => [key, jsonCell(item)]),
      ),
    )
  }
  return tables
}
