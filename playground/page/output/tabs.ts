// Browser only.
/**
 * The run panel's tabs (Output, Events, Aggregates), as the WAI-ARIA tabs pattern: a `tablist` of `tab` buttons,
 * each controlling a `tabpanel`; the arrow keys, Home and End move between tabs and show them, and only the selected
 * tab is in the Tab order. The list hides itself while it holds one tab.
 */

/** A set of tabs and their panels. */
export interface Tabs {
  /** The tab list (put it before the panels). */
  readonly list: HTMLElement
  /** The key of the selected tab. */
  readonly selected: string
  /** Adds a tab at the end, for `panel` (which the caller puts in the page). */
  add(key: string, label: string, panel: HTMLElement): void
  /** Removes a tab (its panel stays where it is, hidden); the first tab is selected if it was selected. */
  remove(key: string): void
  has(key: string): boolean
  /** Shows a tab's panel; `focus` moves the focus to the tab. */
  select(key: string, focus?: boolean): void
}

let count = 0

/** Creates an empty tab list; `onSelect` is called when the reader picks a tab. */
export function createTabs(label: string, onSelect?: (key: string) => void): Tabs {
  const list = document.createElement('div')
  list.className = 'es-tabs'
  list.setAttribute('role', 'tablist')
  list.setAttribute('aria-label', label)
  const prefix = `es-tabs-${++count}`
  const tabs = new Map<string, { tab: HTMLButtonElement; panel: HTMLElement }>()
  let selected = ''

  const select = (key: string, focus = false) => {
    if (!tabs.has(key)) return
    selected = key
    for (const [k, { tab, panel }] of tabs) {
      const on = k === key
      tab.setAttribute('aria-selected', String(on))
      tab.tabIndex = on ? 0 : -1
      panel.hidden = !on
    }
    if (focus) tabs.get(key)!.tab.focus()
  }
  const refresh = () => {
    list.hidden = tabs.size < 2
  }

  list.addEventListener('keydown', (event) => {
    const keys = [...tabs.keys()]
    const at = keys.indexOf(selected)
    const next = {
      ArrowRight: keys[(at + 1) % keys.length],
      ArrowLeft: keys[(at - 1 + keys.length) % keys.length],
      Home: keys[0],
      End: keys.at(-1),
    }[event.key]
    if (next === undefined) return
    event.preventDefault()
    select(next, true)
    onSelect?.(next)
  })

  return {
    list,
    get selected() {
      return selected
    },
    add(key, text, panel) {
      const tab = document.createElement('button')
      tab.type = 'button'
      tab.className = 'es-tab'
      tab.id = `${prefix}-${key}`
      tab.textContent = text
      tab.setAttribute('role', 'tab')
      panel.id ||= `${prefix}-${key}-panel`
      panel.setAttribute('role', 'tabpanel')
      panel.setAttribute('aria-labelledby', tab.id)
      tab.setAttribute('aria-controls', panel.id)
      tab.addEventListener('click', () => {
        select(key)
        onSelect?.(key)
      })
      list.append(tab)
      tabs.set(key, { tab, panel })
      if (selected === '') select(key)
      else select(selected)
      refresh()
    },
    remove(key) {
      const entry = tabs.get(key)
      if (!entry) return
      entry.tab.remove()
      entry.panel.hidden = true
      tabs.delete(key)
      if (selected === key) {
        selected = ''
        const first = tabs.keys().next().value
        if (first !== undefined) select(first)
      }
      refresh()
    },
    has: (key) => tabs.has(key),
    select,
  }
}
