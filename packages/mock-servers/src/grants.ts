import { randomToken } from './pkce.js';

/** What a token was issued for. */
export interface GrantInfo {
  /** Opaque grant id. */
  readonly id: string;
  /** The client the grant belongs to. */
  readonly clientId: string;
  /** The user (`sub`). */
  readonly subject: string;
  /** Scope granted, space-separated. */
  readonly scope: string;
  /** RFC 8707 resource the tokens are bound to, when one was requested. */
  readonly resource: string | undefined;
  /** True once revoked (RFC 7009, refresh-token reuse, or code replay). */
  revoked: boolean;
  /** RFC 9449: thumbprint of the DPoP key the grant's tokens are bound to. */
  jkt?: string;
}

/** What the AS knows about a token it issued. */
export interface TokenInfo {
  /** The token value. */
  readonly token: string;
  /** Access or refresh token. */
  readonly kind: 'access' | 'refresh';
  /** The grant it was issued from; revoking the grant ends it. */
  readonly grant: GrantInfo;
  /** Scope of this token (narrower than the grant's after a narrowing refresh). */
  readonly scope: string;
  /** Expiry in ms on the mock clock; `undefined` never expires. */
  readonly expiresAt: number | undefined;
  /** This token alone was revoked. */
  revoked: boolean;
  /** A rotated refresh token that was already exchanged once. */
  used: boolean;
  /** RFC 9449: thumbprint of the DPoP key an access token is bound to (`cnf.jkt`). */
  jkt?: string;
}

/** A token endpoint success body (RFC 6749 §5.1). */
export interface TokenResponseBody {
  access_token: string;
  /** `DPoP` for a token bound to a DPoP key (RFC 9449 §5). */
  token_type: 'Bearer' | 'DPoP';
  /** Seconds. */
  expires_in: number;
  scope: string;
  /** Absent with `no-refresh-token`, and on non-rotating refresh responses. */
  refresh_token?: string;
}

/** @internal Grants and tokens of one mock AS. */
export class GrantStore {
  readonly grants = new Map<string, GrantInfo>();
  readonly tokens = new Map<string, TokenInfo>();

  constructor(
    private readonly now: () => number,
    private readonly ttl: { access: number; refresh: number | undefined },
  ) {}

  createGrant(fields: Omit<GrantInfo, 'id' | 'revoked'>): GrantInfo {
    const grant: GrantInfo = { ...fields, id: randomToken('grant', 9), revoked: false };
    this.grants.set(grant.id, grant);
    return grant;
  }

  /** Issues an access token, and a refresh token when asked, for the grant. */
  issue(grant: GrantInfo, withRefresh: boolean, scope = grant.scope): TokenResponseBody {
    const access = this.add('access', grant, scope, this.now() + this.ttl.access * 1000);
    const body: TokenResponseBody = {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: this.ttl.access,
      scope,
    };
    if (withRefresh) {
      const expiresAt =
        this.ttl.refresh === undefined ? undefined : this.now() + this.ttl.refresh * 1000;
      body.refresh_token = this.add('refresh', grant, grant.scope, expiresAt).token;
    }
    return body;
  }

  /** The token's record, whatever its state. */
  find(token: string | undefined): TokenInfo | undefined {
    return token === undefined ? undefined : this.tokens.get(token);
  }

  /** The token's record when it can still be used: not revoked, used or expired. */
  active(token: string | undefined): TokenInfo | undefined {
    const info = this.find(token);
    if (!info || info.revoked || info.used || info.grant.revoked) return undefined;
    if (info.expiresAt !== undefined && info.expiresAt <= this.now()) return undefined;
    return info;
  }

  /** Revokes a grant: every token issued from it stops working. */
  revokeGrant(grant: GrantInfo): void {
    grant.revoked = true;
  }

  clear(): void {
    this.grants.clear();
    this.tokens.clear();
  }

  private add(
    kind: TokenInfo['kind'],
    grant: GrantInfo,
    scope: string,
    expiresAt: number | undefined,
  ): TokenInfo {
    const info: TokenInfo = {
      token: randomToken(kind === 'access' ? 'at' : 'rt'),
      kind,
      grant,
      scope,
      expiresAt,
      revoked: false,
      used: false,
    };
    this.tokens.set(info.token, info);
    return info;
  }
}
