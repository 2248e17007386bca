import { describe, expect, it } from 'vitest';
import { basicAuthorization, clientAuthMethod } from '../src/token-request.js';

const metadata = (methods?: string[]) => ({
  issuer: 'https://as.example.com',
  authorization_endpoint: 'https://as.example.com/authorize',
  token_endpoint: 'https://as.example.com/token',
  ...(methods ? { token_endpoint_auth_methods_supported: methods } : {}),
});

describe('clientAuthMethod', () => {
  it('[C3] public clients send client_id only; confidential ones use basic unless only post is listed', () => {
    expect(clientAuthMethod({ client_id: 'a' }, metadata(['client_secret_basic']))).toBe('none');
    expect(clientAuthMethod({ client_id: 'a', client_secret: 's' }, metadata())).toBe(
      'client_secret_basic',
    );
    expect(
      clientAuthMethod(
        { client_id: 'a', client_secret: 's' },
        metadata(['client_secret_post', 'client_secret_basic']),
      ),
    ).toBe('client_secret_basic');
    expect(
      clientAuthMethod({ client_id: 'a', client_secret: 's' }, metadata(['client_secret_post'])),
    ).toBe('client_secret_post');
    expect(
      clientAuthMethod(
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
