import type { AuthEvent, FetchLike } from '@mcp-oauth/core';
import { type DeviceUserCode, deviceCode } from '@mcp-oauth/device-code';
import { entraQuirks, normalizeErrors } from '@mcp-oauth/normalize-errors';
import type { CatalogueProfile } from '../catalogue/profiles.js';
import { connectWithLogin, describeError } from '../scenarios/connect.js';
import { acceptedBearer, param, requestsFrom } from '../scenarios/requests.js';
import type { ScenarioContext, StrategyAdapter } from './types.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Polls the automated person lets go by before approving (or denying) a login. */
const PENDING_POLLS = 2;

/**
 * `@mcp-oauth/device-code` through the MCP SDK, on the profiles that offer
 * the device authorization grant: the code shown to the person (never the
 * device code), polling through `authorization_pending` on the virtual
 * clock, tokens bound to the issuing AS, a shared refresh, then a second
 * login the person denies (`access_denied`, or Entra's
 * `authorization_declined` through its quirk table) that leaves the
 * session intact (SPEC G1–G3, H5, Q1).
 */
export const deviceCodeAdapter: StrategyAdapter = {
  id: 'device-code',
  title: 'device authorization grant, RFC 8628 (@mcp-oauth/device-code)',
  applies: (profile: CatalogueProfile) => profile.traits.deviceFlow !== undefined,
  describe: (profile) => `device login, polling, tools, refresh, denial: ${profile.title}`,
  async run(ctx: ScenarioContext) {
    const { env, checks, clock, profile } = ctx;
    const settings = profile.client ?? {};
    const shown: DeviceUserCode[] = [];
    const events: AuthEvent[] = [];
    let decision: 'approve' | 'deny' = 'approve';
    let polls = 0;
    // The person: watches the polls, and decides once the client has polled a while.
    const base: FetchLike = ctx.fetch ?? fetch;
    const personFetch: FetchLike = async (input, init) => {
      const response = await base(input, init);
      const body = typeof init?.body === 'string' ? new URLSearchParams(init.body) : undefined;
      if (body?.get('grant_type') === DEVICE_GRANT && ++polls === PENDING_POLLS) {
        const code = shown.at(-1)?.userCode ?? '';
        if (decision === 'approve') env.authorizationServer.approveDevice(code);
        else env.authorizationServer.denyDevice(code);
      }
      return response;
    };
    const auth = deviceCode({
      server: { name: 'conformance', type: 'streamable-http', url: env.mcp.url },
      store: ctx.store,
      clock,
      onEvent: (event) => events.push(event),
      onUserCode: (code) => void shown.push(code),
      // Entra's `authorization_declined` is a denial: its quirk table says so (SPEC Q2).
      fetch:
        profile.traits.deviceFlow === 'entra'
          ? normalizeErrors(personFetch, {
              quirks: [{ ...entraQuirks, hosts: [new URL(env.urls.issuer).hostname] }],
            })
          : personFetch,
      ...(settings.preRegistered ? { clientId: env.authorizationServer.client.client_id } : {}),
      ...(settings.omitResource ? { omitResource: true } : {}),
      ...(settings.authorizationParams
        ? { authorizationParams: settings.authorizationParams }
        : {}),
    });
    const log = requestsFrom(env);
    const settles = { settled: async () => {} };
    let client: Awaited<ReturnType<typeof connectWithLogin>> | undefined;
    try {
      client = await connectWithLogin(auth, env.mcp.url, settles);
    } catch (error) {
      checks.check('logs in with a device code and connects', false, describeError(error), ['G1']);
      return;
    }
    try {
      checks.check(
        'logs in with a device code and connects',
        acceptedBearer(log.all()),
        undefined,
        ['G1', 'G2'],
      );
      const code = shown[0];
      checks.check(
        'the person is shown a user code and an https verification URI, never the device code',
        shown.length === 1 &&
          !!code?.userCode &&
          code.verificationUri.startsWith('https://') &&
          !('deviceCode' in code),
        JSON.stringify(code),
        ['G1'],
      );
      const device = log.to('device-authorization').at(-1);
      const expectedResource = profile.traits.resource === 'omitted' ? undefined : env.mcp.url;
      checks.equal(
        'device authorization request: resource',
        param(device, 'resource'),
        expectedResource,
        [profile.traits.resource === 'omitted' ? 'Q1' : 'C8'],
      );
      for (const [name, value] of Object.entries(settings.authorizationParams ?? {})) {
        checks.equal(`device authorization request carries ${name}`, param(device, name), value, [
          'Q1',
        ]);
      }
      const pollRequests = log.to('token').filter((r) => param(r, 'grant_type') === DEVICE_GRANT);
      checks.check(
        'polls through authorization_pending until approved, one interval apart',
        pollRequests.length === PENDING_POLLS + 1 &&
          pollRequests.slice(0, -1).every((r) => r.status >= 400) &&
          pollRequests.at(-1)?.status === 200 &&
          pollRequests.slice(1).every((r, i) => r.at - pollRequests[i]!.at >= 5000),
        pollRequests.map((r) => `${r.status}@${r.at}`).join(', '),
        ['G2'],
      );
      checks.equal(
        `registration: ${profile.traits.registration}`,
        log.count('registration'),
        profile.traits.registration === 'dcr' ? 1 : 0,
        ['U3'],
      );
      const tools = await client.listTools();
      checks.check(
        'lists tools with the new token',
        tools.tools.some((t) => t.name === 'test-tool'),
      );

      // G3: the tokens refresh like any other: one refresh for two callers.
      const before = await auth.tokens();
      const refreshLog = requestsFrom(env);
      clock.advance((3600 - 200) * 1000);
      const [a, b] = await Promise.all([auth.tokens(), auth.tokens()]);
      const refreshes = refreshLog
        .to('token')
        .filter((r) => param(r, 'grant_type') === 'refresh_token');
      checks.check(
        'soon-expiring token: one refresh for two callers, a new access token',
        refreshes.length === 1 &&
          !!a &&
          a.access_token !== before?.access_token &&
          a.access_token === b?.access_token,
        `${refreshes.length} refresh requests`,
        ['G3', 'T3', 'R1'],
      );
      checks.equal('refresh: resource', param(refreshes[0], 'resource'), expectedResource, [
        'G3',
        'R3',
      ]);

      // G2, H5: a second login the person denies ends with access_denied and keeps the session.
      decision = 'deny';
      polls = 0;
      const kept = await auth.tokens();
      const denied = await auth.authorize().then(
        () => undefined,
        (error: unknown) => error as { code?: string; oauthError?: string; name?: string },
      );
      checks.check(
        'a denied device login fails with DeviceAccessDeniedError (access_denied)',
        denied?.name === 'DeviceAccessDeniedError' && denied.oauthError === 'access_denied',
        denied ? describeError(denied) : 'login succeeded',
        ['G2', profile.traits.deviceFlow === 'entra' ? 'Q2' : 'G2'],
      );
      checks.equal(
        'the session survives the denied login',
        (await auth.tokens())?.access_token,
        kept?.access_token,
        ['H5'],
      );
      checks.check(
        'authorization events: success, then provider_denied',
        events
          .filter((e) => e.type === 'authorization')
          .map((e) => e.reason)
          .join(',') === 'success,provider_denied',
        undefined,
        ['A13'],
      );
      await auth.logout();
      checks.equal('no tokens after sign-out', await auth.tokens(), undefined, ['V6']);
    } finally {
      await client?.close().catch(() => {});
    }
  },
};
