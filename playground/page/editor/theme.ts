// Browser only.
/** The editor's theme follows Starlight's: `<html data-theme="light">` gives `vs`, anything else `vs-dark`. */

/** The Monaco theme for the page's current theme. */
export function currentTheme(): 'vs' | 'vs-dark' {
  return document.documentElement.dataset.theme === 'light' ? 'vs' : 'vs-dark'
}

/** Calls `apply` whenever the page's theme changes. */
export function followTheme(apply: (theme: 'vs' | 'vs-dark') => void): void {
  new MutationObserver(() => apply(currentTheme())).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-theme'],
  })
}
