import { describe, expect, it } from 'vitest';
import { basicAuthorization, selectClientAuth } from '../src/client-auth.js';

const metadata = (methods?: string[]) => methods;
const method = (client: Parameters<typeof selectClientAuth>[0], methods?: string[]) =>
  selectClientAuth(client, methods).method;

describe('selectClientAuth', () => {
  it('[C3] public clients send client_id only; confidential ones use basic unless only post is listed', () => {
    expect(method({ client_id: 'a' }, metadata(['client_secret_basic']))).toBe('none');
    expect(method({ client_id: 'a', client_secret: 's' }, metadata())).toBe('client_secret_basic');
    expect(
      method(
        { client_id: 'a', client_secret: 's' },
        metadata(['client_secret_post', 'client_secret_basic']),
      ),
    ).toBe('client_secret_basic');
    expect(method({ client_id: 'a', client_secret: 's' }, metadata(['client_secret_post']))).toBe(
      'client_secret_post',
    );
    expect(
      method(
        { client_id: 'a', client_secret: 's', token_endpoint_auth_method: 'client_secret_post' },
        metadata(['client_secret_basic', 'client_secret_post']),
      ),
    ).toBe('client_secret_post');
  });

  it('encodes basic credentials form-urlencoded first (RFC 6749 §2.3.1)', () => {
    expect(basicAuthorization('id:1', 's p&c')).toBe(
      `Basic ${Buffer.from('id%3A1:s+p%26c').toString('base64')}`,
    );
  });
});
