import { describe, expect, it } from 'vitest';
import { presentUrl } from '../src/index.js';

const URL_ = 'https://as.example.com/authorize?client_id=x';

function sink() {
  const lines: string[] = [];
  const warnings: string[] = [];
  return {
    lines,
    warnings,
    output: { write: (text: string) => lines.push(text) },
    logger: { debug() {}, warn: (m: string) => void warnings.push(m) },
  };
}

describe('presentUrl', () => {
  it('[U2] no browser and no onAuthorizationUrl: the URL goes to stderr, with the paste hint when pasting is accepted', async () => {
    const s = sink();
    await presentUrl(URL_, {
      openBrowser: async () => false,
      logger: s.logger,
      output: s.output,
      pasteAccepted: true,
    });
    expect(s.lines.join('')).toContain(URL_);
    expect(s.lines.join('')).toMatch(/paste the address it ends on here/);
    expect(s.warnings).toEqual(['could not open a browser; open the authorization URL yourself']);
  });

  it('[U2] with openBrowser: false the URL is printed too, without a paste hint when none is accepted', async () => {
    const s = sink();
    await presentUrl(URL_, { openBrowser: false, logger: s.logger, output: s.output });
    expect(s.lines.join('')).toContain(URL_);
    expect(s.lines.join('')).not.toMatch(/paste/);
  });

  it('[U2] [A11] an app that shows the URL itself gets it first, and nothing is printed', async () => {
    const s = sink();
    const shown: string[] = [];
    await presentUrl(URL_, {
      openBrowser: async () => false,
      onAuthorizationUrl: (url) => shown.push(url),
      logger: s.logger,
      output: s.output,
    });
    expect(shown).toEqual([URL_]);
    expect(s.lines).toEqual([]);
  });

  it('a browser that opened: nothing printed', async () => {
    const s = sink();
    await presentUrl(URL_, { openBrowser: async () => true, logger: s.logger, output: s.output });
    expect(s.lines).toEqual([]);
    expect(s.warnings).toEqual([]);
  });
});
