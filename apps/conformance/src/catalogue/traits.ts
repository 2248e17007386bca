import type { ErrorCode } from '@mcp-oauth/core';
import type { EndpointName, RedirectStatus } from '@mcp-oauth/mock-servers';
import type { CatalogueProfile, ProfileTraits, Refusal } from './profiles.js';

/** The traits of a spec-following provider; profiles change what differs. */
export const base: ProfileTraits = {
  registration: 'dcr',
  clientAuth: 'none',
  refresh: 'static',
  revocation: 'client',
  metadata: 'ok',
  prm: true,
};

export const refused = (code: ErrorCode, before: Refusal['before'], ...refs: string[]) => ({
  ...base,
  refusal: { code, before, refs },
});

/** An endpoint that redirects every request to the mocks' thief origin: the quirk and the trait. */
export const redirecting = (
  traits: ProfileTraits,
  endpoint: EndpointName,
  status: RedirectStatus,
): Pick<CatalogueProfile, 'env' | 'traits'> => ({
  env: { quirks: { redirect: { [endpoint]: status } } },
  traits: { ...traits, redirect: { endpoint, status } },
});
