export { normalizeErrors } from './normalize.js';
export { githubQuirks } from './quirks/github.js';
export { slackQuirks } from './quirks/slack.js';
export { zohoQuirks } from './quirks/zoho.js';
export { standardAliases } from './standard.js';
export type { NormalizeErrorsOptions, QuirkAlias, QuirkTable } from './types.js';
