// Worker.
/**
 * The views of a run, for the event explorer: each tracking recorder the program constructed (a view of
 * `eventsourcing/projection`), heard through the library's public `observeViews`, and read when the run ends: its
 * position in each application's log (`maxTrackingId(name)`, the view's own answer) and its rows, which are the
 * view object's own enumerable properties. `observeViews` is exported by `eventsourcing/persistence`, which every
 * application loads, so observing views never loads `eventsourcing/projection` for runs that do not import it.
 */
import type { Application } from 'eventsourcing/application'
import type { observeViews, TrackingRecorder } from 'eventsourcing/persistence'
import type { Json, LeaderPosition, ViewSnapshot } from '../shared/explorer-data'
import { toJsonData } from './json-data'

/** Observes the views a run constructs. */
export interface ViewWatch {
  /** How many views were constructed, kept or not. */
  readonly total: number
  /** Stops observing. */
  stop(): void
  /** Reads the kept views: their positions in each of `applications`' logs, and their rows. */
  read(applications: readonly Application[]): Promise<ViewSnapshot[]>
}

interface Watched {
  view: TrackingRecorder
  /** The properties the view had when its base class's constructor told the observer: the base class's own. */
  baseProperties: ReadonlySet<string>
}

/** Starts observing views, keeping the first `limit` constructed. */
export function watchViews(hooks: { observeViews: typeof observeViews }, limit: number): ViewWatch {
  const watched: Watched[] = []
  let total = 0
  const stop = hooks.observeViews({
    constructed(view) {
      total++
      if (watched.length < limit) watched.push({ view, baseProperties: new Set(Object.keys(view)) })
    },
  })
  return {
    get total() {
      return total
    },
    stop,
    async read(applications) {
      const views: ViewSnapshot[] = []
      for (const { view, baseProperties } of watched) {
        const snapshot: ViewSnapshot = { name: view.constructor.name || 'View', positions: [], rows: {} }
        try {
          snapshot.positions = await positionsOf(view, applications)
        } catch (error) {
          snapshot.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
        }
        snapshot.rows = rowsOf(view, baseProperties)
        views.push(snapshot)
      }
      return views
    },
  }
}

/** The view's position in each application's log, asked once per application name. */
async function positionsOf(view: TrackingRecorder, applications: readonly Application[]): Promise<LeaderPosition[]> {
  const byName = new Map<string, number>()
  const positions: LeaderPosition[] = []
  for (const [index, application] of applications.entries()) {
    const { name } = application
    if (!byName.has(name)) byName.set(name, await view.maxTrackingId(name))
    positions.push({ name, application: index, position: byName.get(name)! })
  }
  return positions
}

/** The view's own enumerable properties, but its base class's, as JSON (a getter that throws gives its error). */
function rowsOf(view: TrackingRecorder, baseProperties: ReadonlySet<string>): ViewSnapshot['rows'] {
  const rows: Record<string, unknown> = {}
  for (const key of Object.keys(view)) {
    if (baseProperties.has(key)) continue
    try {
      rows[key] = Reflect.get(view, key)
    } catch (error) {
      rows[key] = error
    }
  }
  return toJsonData(rows) as { [property: string]: Json }
}
