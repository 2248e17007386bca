export function fakeStrategy(options = {}) {
  const challenges = [];
  const outcomes = [...(options.outcomes ?? [])];
  let token = options.token;
  let authorizations = 0;
  return {
    name: 'fake',
    challenges,
    authorizations: () => authorizations,
    setToken: (value) => {
      token = value;
    },
    serverKey: async () => 'fake|0000000000000000',
    tokens: async () =>
      token
        ? { access_token: token, token_type: 'Bearer', refresh_token: 'never-shown' }
        : undefined,
    authorize: async () => {
      authorizations++;
      token = `after-login-${authorizations}`;
      return { access_token: token, token_type: 'Bearer' };
    },
    challenge: async (challenge) => {
      challenges.push(challenge);
      return (
        outcomes.shift() ?? {
          kind: 'authorize',
          reason: 'login',
          message: 'Authorization required for fake: call authorize()',
        }
      );
    },
  };
}
