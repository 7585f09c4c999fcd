// Browser only.
/**
 * Renders an exercise hint's Markdown (a few sentences) safely: paragraphs, `code`, **bold**, *emphasis* and
 * links. Everything else stays text.
 */

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!)

/** The hint as HTML. */
export function renderHint(markdown: string): string {
  return markdown
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => {
      const html = escape(paragraph.replace(/\s*\n\s*/g, ' '))
        .replace(/`([^`]+)`/g, '<code>$1</code>')
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/\*([^*]+)\*/g, '<em>$1</em>')
        .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+|\/[^)\s]*|#[^)\s]*)\)/g, '<a href="$2">$1</a>')
      return `<p>${html}</p>`
    })
    .join('')
}
