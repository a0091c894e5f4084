import { bearerTokenHasExpiry } from './bearer-token-expiry';

const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
const jwt = (payload: object) => `${encode({ alg: 'RS256' })}.${encode(payload)}.c2lnbmF0dXJl`;

describe('bearerTokenHasExpiry', () => {
  it('when a bearer token carries a numeric exp, then it may go on to validation', () => {
    expect(bearerTokenHasExpiry(`Bearer ${jwt({ aud: 'bot', exp: 1_900_000_000 })}`)).toBe(true);
  });

  it.each([
    ['no exp', `Bearer ${jwt({ aud: 'bot' })}`],
    ['a text exp', `Bearer ${jwt({ exp: '1900000000' })}`],
    ['a payload that is not JSON', 'Bearer aaa.bbb.ccc'],
    ['another scheme', `Basic ${jwt({ exp: 1 })}`],
    ['two parts', 'Bearer aaa.bbb'],
    ['an array payload', `Bearer ${jwt([1, 2])}`],
  ])('when the header has %s, then it is refused', (_case, header) => {
    expect(bearerTokenHasExpiry(header)).toBe(false);
  });
});
