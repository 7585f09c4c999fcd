// A TypeDoc plugin that makes the site build fail on a broken link or an undocumented export. starlight-typedoc
// converts and renders through TypeDoc's API, which (unlike TypeDoc's command line) never runs the `validation`
// checks and ignores `treatWarningsAsErrors`; this plugin runs them before the pages are written and throws, so
// `astro build` stops with TypeDoc's own messages above the error.
import { Application } from 'typedoc'

/**
 * Throws if TypeDoc has logged an error, or a warning while `treatWarningsAsErrors` is set.
 * @param {Application} app
 * @param {string} stage
 */
function failOnProblems(app, stage) {
  const { errorCount, warningCount } = app.logger
  const strict = app.options.getValue('treatWarningsAsErrors')
  if (errorCount > 0 || (strict && warningCount > 0)) {
    throw new Error(
      `The API reference has ${errorCount} error(s) and ${warningCount} warning(s) ${stage} (see TypeDoc's ` +
        'messages above): document the export, or fix the {@link} target, in the TSDoc comment it names.',
    )
  }
}

/**
 * Registers the checks with a TypeDoc application (TypeDoc calls this when it loads the plugin).
 * @param {Application} app
 */
export function load(app) {
  app.on(Application.EVENT_GENERATE_OUTPUTS_BEGIN, (project) => {
    failOnProblems(app, 'while converting the library')
    app.validate(project)
    failOnProblems(app, 'in validation')
  })
  app.on(Application.EVENT_GENERATE_OUTPUTS_END, () => failOnProblems(app, 'while writing the pages'))
}
