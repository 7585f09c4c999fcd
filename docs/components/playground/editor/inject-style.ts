/** Adds a stylesheet to the page once; the editor's CSS arrives this way, with the editor chunk. */
const injected = new Set<string>()

export function injectStyle(css: string): void {
  if (injected.has(css)) return
  injected.add(css)
  const style = document.createElement('style')
  style.dataset.playground = 'monaco'
  style.textContent = css
  document.head.append(style)
}
