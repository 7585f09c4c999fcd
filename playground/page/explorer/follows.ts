// Browser only.
/**
 * The Events tab's view of the readers of a log: process applications (`eventsourcing/system`) and views
 * (`eventsourcing/projection`, `views.ts`). Above a process application's log, and with each view, each application
 * it has read and how far it has processed that one's log, as a sentence and a bar; in a log that has readers, a
 * Processed by column that marks, on each notification, the readers whose position has reached it. The positions
 * are the followers' own `position(leaderName)` and the views' own `maxTrackingId(name)`, read in the run's worker
 * (`worker/run-observer.ts`, `worker/view-observer.ts`).
 */
import type { LeaderPosition, ExplorerData } from '../../shared/explorer-data'
import { el } from './cells'

/**
 * The strings of the system view. They are the explorer chunk's own, not in `../messages`, which every page with a
 * live block loads before any interaction: the explorer is loaded only when a run reports applications.
 */
export const followsMessages = {
  columnProcessedBy: 'Processed by',
  processed: (follower: string) => `✓ ${follower}`,
  processedTitle: (follower: string, position: number) =>
    `${follower} has processed this notification (its position is ${position.toLocaleString('en')})`,
  followsLabel: (follower: string) => `Applications ${follower} follows`,
  position: (follower: string, leader: string, position: number, total: number | undefined) =>
    position === 0
      ? `${follower} has not processed any notification of ${leader} yet${total ? ` (${leader} has ${count(total)})` : ''}.`
      : `${follower} has processed ${leader} up to notification ${position.toLocaleString('en')}` +
        `${total === undefined ? '' : ` of ${total.toLocaleString('en')}`}.`,
  positionUnreadable: (follower: string, leader: string, error: string) =>
    `How far ${follower} has processed ${leader} could not be read: ${error}`,
} as const

const count = (total: number) => `${total.toLocaleString('en')} notification${total === 1 ? '' : 's'}`

/** A reader of an application's log (a follower or a view), and how far it has processed that log. */
export interface Reader {
  /** The reader's name as the explorer shows it. */
  name: string
  position: number
}

/**
 * For each application of the run, its readers, in order: the applications that follow it (with a readable
 * position), then the views that have processed some of its log. `viewNames` are the views' names as shown.
 */
export function readersByLeader(
  data: ExplorerData,
  names: readonly string[],
  viewNames: readonly string[],
): Reader[][] {
  const readers: Reader[][] = data.applications.map(() => [])
  const add = (reader: string, positions: readonly LeaderPosition[]) => {
    for (const { application, error, position } of positions) {
      if (application === undefined || error !== undefined) continue
      readers[application]?.push({ name: reader, position })
    }
  }
  data.applications.forEach((application, index) => add(names[index]!, application.follows ?? []))
  for (const [index, view] of data.views.entries()) {
    add(
      viewNames[index]!,
      view.positions.filter((p) => p.position > 0),
    )
  }
  return readers
}

/** The Processed by cell of notification `id` of a followed application's log. */
export function processedCell(id: number, readers: readonly Reader[]): HTMLElement {
  const cell = el('span', 'es-processed-by')
  for (const reader of readers) {
    if (reader.position < id) continue
    const badge = el('span', 'es-badge es-processed', followsMessages.processed(reader.name))
    badge.title = followsMessages.processedTitle(reader.name, reader.position)
    cell.append(badge, ' ')
  }
  return cell
}

/**
 * The list of the applications `follower` (a process application or a view) reads, with its position in each one's
 * log, named `label` (by default, as the applications a process application follows).
 */
export function renderFollows(
  data: ExplorerData,
  follows: readonly LeaderPosition[],
  follower: string,
  names: readonly string[],
  label = followsMessages.followsLabel(follower),
): HTMLElement {
  const list = el('ul', 'es-follows')
  list.setAttribute('role', 'list') // Kept a list without its bullets (Safari drops the role of an unstyled list).
  list.setAttribute('aria-label', label)
  for (const follow of follows) {
    const leader = follow.application === undefined ? undefined : data.applications[follow.application]
    const leaderName = follow.application === undefined ? follow.name : names[follow.application]!
    if (follow.error !== undefined) {
      list.append(el('li', 'es-note', followsMessages.positionUnreadable(follower, leaderName, follow.error)))
      continue
    }
    const total = leader && leader.error === undefined ? leader.total : undefined
    const item = el('li', '', el('span', '', followsMessages.position(follower, leaderName, follow.position, total)))
    if (total) {
      // The sentence says it; the bar shows it at a glance, and is hidden from assistive technology.
      const bar = el('progress', 'es-follow-bar')
      bar.max = total
      bar.value = Math.min(follow.position, total)
      bar.setAttribute('aria-hidden', 'true')
      item.append(bar)
    }
    list.append(item)
  }
  return list
}
