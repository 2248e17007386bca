import { describe, expect, it } from 'vitest';
import type { Check, Observation } from '../src/catalogue/types.js';
import { observe, suggest } from '../src/live/observations.js';
import { renderLive } from '../src/live/render.js';
import type { LiveStepResult } from '../src/live/step.js';
import { summarizeProvider } from '../src/live/summary.js';
import type { LiveReport } from '../src/report/provider.js';
import { buildReport } from '../src/report/summary.js';

const step = (
  profile: string,
  checks: Check[],
  extra: Partial<LiveStepResult> = {},
): LiveStepResult => ({
  id: `live/${profile}/memory`,
  strategy: 'authorization-code',
  profile,
  store: 'memory',
  title: profile,
  outcome: checks.length === 0 ? 'skip' : checks.every((c) => c.ok) ? 'pass' : 'fail',
  checks,
  roundTrips: [],
  durationMs: 1,
  ...extra,
});
const pass = (name: string): Check => ({ name, ok: true });
const fail = (name: string, detail?: string): Check => ({
  name,
  ok: false,
  ...(detail ? { detail } : {}),
});

function render(results: LiveStepResult[], observations: Observation[]): string {
  const refusals = results.flatMap((r) => (r.refusal ? [r.refusal] : []));
  const failed = results.some((r) => r.outcome === 'fail');
  const report: LiveReport = {
    ...buildReport('live', new Date(), results, {
      observations,
      suggestions: suggest(observations, [], { refusals, failed }),
    }),
    provider: summarizeProvider('as.example.com', results, observations),
  };
  return renderLive(report, {
    green: (t) => t,
    red: (t) => t,
    yellow: (t) => t,
    dim: (t) => t,
    bold: (t) => t,
  });
}

const rotation = observe({ rotated: true, seen: [] });
const noIss = observe({
  metadata: {
    issuer: 'https://as.example.com',
    authorization_endpoint: 'https://as.example.com/a',
    token_endpoint: 'https://as.example.com/t',
    registration_endpoint: 'https://as.example.com/r',
    revocation_endpoint: 'https://as.example.com/v',
    code_challenge_methods_supported: ['S256'],
  },
  seen: [],
});

describe('summarizeProvider', () => {
  it('a refused provider: its fault with the RFC section first, never "followed the specification", never the compliant profile', () => {
    const text = render(
      [
        step('discovery', [pass('finds the authorization server')]),
        step(
          'login',
          [
            fail(
              "refused: its authorization response carries an iss that is not the authorization server's issuer (mix-up defence)",
              'ISSUER_MISMATCH: Issuer mismatch: expected https://as.example.com, got https://evil.example',
            ),
          ],
          {
            refusal: {
              code: 'ISSUER_MISMATCH',
              fault:
                "its authorization response carries an iss that is not the authorization server's issuer (mix-up defence)",
              refs: ['RFC 9207 §2.4', 'A15'],
              mockProfile: 'iss-wrong',
            },
          },
        ),
        step('tools', [], { skipReason: 'tool listing: not run, because the login failed' }),
      ],
      [],
    );
    expect(text).toContain(
      "What as.example.com got wrong (refusals, errors, failed checks):\n  ✘ login: its authorization response carries an iss that is not the authorization server's issuer (mix-up defence) [RFC 9207 §2.4, A15]; @mcp-oauth refused it with ISSUER_MISMATCH — ISSUER_MISMATCH: Issuer mismatch: expected https://as.example.com, got https://evil.example",
    );
    expect(text).not.toContain('followed the specification');
    expect(text).not.toContain("'compliant'");
    expect(text).toContain(
      "reproduce the refusal in tests: createMockEnvironment({ profile: 'iss-wrong' })",
    );
    expect(text).toContain('Not checked:\n  – tool listing: not run, because the login failed');
  });

  it('no summary of a run with a failed check says "followed the specification" or suggests the compliant profile', () => {
    const failures: LiveStepResult[][] = [
      [step('discovery', [fail('discovery for http://127.0.0.1:59999/mcp', 'fetch failed')])],
      [step('discovery', [pass('a')]), step('refresh', [fail('refreshes to a new access token')])],
      [
        step('discovery', [pass('a')]),
        step('revocation', [pass('b'), fail('no grant is left alive')]),
      ],
    ];
    for (const results of failures) {
      for (const observations of [[], rotation, noIss]) {
        const text = render(results, observations);
        expect(text).not.toContain('followed the specification');
        expect(text).not.toContain("profile: 'compliant'");
        expect(text).toMatch(/got wrong \(refusals, errors, failed checks\):\n {2}✘ /);
      }
    }
  });

  it('a clean run says so; rotation and no iss are allowed, not departures', () => {
    const results = [step('discovery', [pass('a')]), step('refresh', [pass('b')])];
    const clean = render(results, []);
    expect(clean).toContain(
      'What as.example.com got wrong (refusals, errors, failed checks):\n  nothing',
    );
    expect(clean).toContain('nothing: it followed the specification in everything checked');
    const text = render(results, [...rotation, ...noIss]);
    expect(text).toContain(
      'Where as.example.com departs from the specification:\n  nothing: it followed the specification in everything checked',
    );
    const allowed = text.slice(text.indexOf('Allowed, but worth knowing:'));
    expect(allowed).toContain('Refresh tokens rotate');
    expect(allowed).toContain('authorization_response_iss_parameter_supported');
  });
});
