// oidc-provider ships no types; the tests use its OAuth error classes only.
declare module 'oidc-provider' {
  export const errors: Record<
    'InvalidGrant' | 'InvalidRequest' | 'InvalidTarget',
    new (
      description?: string,
    ) => Error
  >;
}
