import { hasValidSignature, signatureOf } from './facebook-signature';

describe('hasValidSignature', () => {
  const body = Buffer.from('{"object":"page","entry":[{"id":"1","changes":[]}]}');

  it('when the header is the HMAC-SHA256 of the raw body with the app secret, then it is valid', () => {
    expect(hasValidSignature(body, signatureOf(body, 'secreto'), 'secreto')).toBe(true);
    expect(
      hasValidSignature(
        body,
        signatureOf(body, 'secreto').toUpperCase().replace('SHA256', 'sha256'),
        'secreto',
      ),
    ).toBe(true);
  });

  it('when the body, the secret or the header differ in any way, then it is not', () => {
    const signature = signatureOf(body, 'secreto');
    expect(hasValidSignature(Buffer.from(`${body.toString()} `), signature, 'secreto')).toBe(false);
    expect(hasValidSignature(body, signature, 'otro-secreto')).toBe(false);
    expect(hasValidSignature(body, signature.replace('sha256=', 'sha1='), 'secreto')).toBe(false);
    expect(hasValidSignature(body, signature.slice(0, -2), 'secreto')).toBe(false);
    expect(hasValidSignature(body, undefined, 'secreto')).toBe(false);
    expect(hasValidSignature(body, '', 'secreto')).toBe(false);
  });
});
