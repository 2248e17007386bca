export { normalizeErrors } from './normalize.js';
export { auth0Quirks } from './quirks/auth0.js';
export { entraQuirks } from './quirks/entra.js';
export { githubQuirks } from './quirks/github.js';
export { googleQuirks } from './quirks/google.js';
export { slackQuirks } from './quirks/slack.js';
export { zohoQuirks } from './quirks/zoho.js';
export { standardAliases } from './standard.js';
export type { NormalizeErrorsOptions, QuirkAlias, QuirkTable } from './types.js';
