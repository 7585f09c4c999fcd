// Browser only.
/**
 * The event explorer: the Events and Aggregates tabs of the run panel. A lazy chunk, loaded (with its CSS) when a
 * run first reports applications or aggregates, so that pages, and runs that make none, do not pay for it.
 */
import css from './explorer.css?inline'
import { injectStyle } from '../editor/inject-style'

injectStyle(css, 'explorer')

export { renderEvents } from './events-view'
export { renderAggregates, type ReplayChoice } from './aggregates-view'
