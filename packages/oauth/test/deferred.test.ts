import { describe, expect, it, vi } from 'vitest';

// The first load of each deferred building block fails (as with EMFILE, or
// a package replaced on disk mid-upgrade; vitest reports it as an error
// when mocking the module); the next one works.
const failures = vi.hoisted(() => ({ discovery: 1, normalize: 1 }));
vi.mock('@mcp-oauth/discovery', async (original) => {
  if (failures.discovery-- > 0) throw new Error('EMFILE: too many open files');
  return original();
});
vi.mock('@mcp-oauth/normalize-errors', async (original) => {
  if (failures.normalize-- > 0) throw new Error('EMFILE: too many open files');
  return original();
});

const { loadDiscovery, normalizedFetch } = await import('../src/deferred.js');

describe('building blocks loaded on first use', () => {
  it('a failed load of discovery is tried again, not kept', async () => {
    await expect(loadDiscovery()).rejects.toThrow(/mock/);
    const discovery = await loadDiscovery();
    expect(discovery.assertSecureUrl('https://as.example.com/token').href).toBe(
      'https://as.example.com/token',
    );
  });

  it('a failed load of error normalisation fails that request only', async () => {
    const base = vi.fn(async () => new Response('{}', { status: 200 }));
    const fetch = normalizedFetch(base);
    await expect(fetch('https://as.example.com/token', { method: 'POST' })).rejects.toThrow(/mock/);
    expect(base).not.toHaveBeenCalled();
    expect((await fetch('https://as.example.com/token', { method: 'POST' })).status).toBe(200);
    expect(base).toHaveBeenCalledTimes(1);
  });
});
