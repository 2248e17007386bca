import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** MSW with the network closed: any request without a handler fails the test. */
export const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A token request body. */
export const refreshBody = () =>
  new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'rt' });
