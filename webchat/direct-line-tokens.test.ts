import {
  DirectLineTokens,
  derivedSecret,
  directLineSigningKey,
  newConversationId,
  newUserId,
} from './direct-line-tokens';

const key = Buffer.from('a signing key of at least 32 characters, for tests');

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('the embedded Direct Line tokens', () => {
  const conversationId = newConversationId();
  const userId = newUserId();

  it('when a token is issued, then it carries its conversation and a dl_ user, as Web Chat reads them', () => {
    const { token, expiresIn } = new DirectLineTokens(key, 1_800).issue(conversationId, userId);
    expect(expiresIn).toBe(1_800);
    expect(payloadOf(token)).toMatchObject({ conv: conversationId, user: userId });
    expect(userId).toMatch(/^dl_/);
    expect(new DirectLineTokens(key, 1_800).check(token)).toEqual({
      valid: true,
      claims: { conversationId, userId, expiresAt: expect.any(Date) as Date },
    });
  });

  it('when its lifetime has passed, then the token is refused as expired', () => {
    let now = Date.UTC(2026, 0, 5, 12);
    const tokens = new DirectLineTokens(key, 1_800, () => now);
    const { token } = tokens.issue(conversationId, userId);
    now += 1_799_000;
    expect(tokens.check(token).valid).toBe(true);
    now += 1_000;
    expect(tokens.check(token)).toEqual({ valid: false, reason: 'expired' });
  });

  it('when a token was signed with another key, then it is refused', () => {
    const { token } = new DirectLineTokens(Buffer.from('another key'), 1_800).issue(
      conversationId,
      userId,
    );
    expect(new DirectLineTokens(key, 1_800).check(token)).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('when a token is changed to name another conversation, then its signature no longer holds', () => {
    const { token } = new DirectLineTokens(key, 1_800).issue(conversationId, userId);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...payloadOf(token), conv: newConversationId() }),
    ).toString('base64url');
    expect(new DirectLineTokens(key, 1_800).check(`${header}.${forged}.${signature}`).valid).toBe(
      false,
    );
  });

  it('when a token claims no signature ("alg": "none"), then it is refused before anything is read', () => {
    const { token } = new DirectLineTokens(key, 1_800).issue(conversationId, userId);
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const [, payload] = token.split('.');
    expect(new DirectLineTokens(key, 1_800).check(`${none}.${payload}.`)).toEqual({
      valid: false,
      reason: 'malformed',
    });
    expect(new DirectLineTokens(key, 1_800).check('x'.repeat(10_000)).valid).toBe(false);
    expect(new DirectLineTokens(key, 1_800).check('').valid).toBe(false);
  });

  it('when no token secret is configured, then the key derives from the pseudonym secret and differs from it', () => {
    const pseudonymSecret = 'a pseudonym secret of at least thirty-two characters';
    const derived = directLineSigningKey(undefined, pseudonymSecret);
    expect(derived).toEqual(directLineSigningKey(undefined, pseudonymSecret));
    expect(derived.toString('utf8')).not.toContain(pseudonymSecret);
    expect(directLineSigningKey('configured secret of 32 characters!', pseudonymSecret)).toEqual(
      Buffer.from('configured secret of 32 characters!'),
    );
    expect(derivedSecret(derived, 'one purpose')).not.toEqual(derivedSecret(derived, 'another'));
  });
});
