import { grantsConsent, isEmailAddress, isPersonName, optionalAnswer } from './prompt-validators';

describe('the prompt validators', () => {
  it.each(['nombre@ejemplo.com', 'maria.perez@anm.gov.co', 'a+b@x.co', 'ñandú@correo.com.co'])(
    'when a citizen writes the e-mail %s, then it is accepted',
    (text) => {
      expect(isEmailAddress(text)).toBe(true);
    },
  );

  it.each([
    ['without a domain dot', 'nombre@ejemplo'],
    ['with one letter after the dot', 'nombre@ejemplo.c'],
    ['without a name before the @', '@ejemplo.com'],
    ['with two @', 'nombre@otro@ejemplo.com'],
    ['with a space', 'maría pérez@ejemplo.com'],
    ['with the dot right after the @', 'nombre@.com'],
    ['longer than an address can be', `${'a'.repeat(250)}@ejemplo.com`],
  ])('when a citizen writes an e-mail %s, then it is refused', (_, text) => {
    expect(isEmailAddress(text)).toBe(false);
  });

  it('when a long text made of many "@" and dots is written as an e-mail, then it is refused', () => {
    expect(isEmailAddress(`a@${'b.'.repeat(5000)}@`)).toBe(false);
    expect(isEmailAddress(`${'@'.repeat(10000)}.com`)).toBe(false);
  });

  it('when a citizen writes a name with accents, an apostrophe or a hyphen, then it is accepted, and digits are not', () => {
    expect(isPersonName("María José D'Alessandro-Peña")).toBe(true);
    expect(isPersonName('1052987123')).toBe(false);
  });

  it('when "omitir" or nothing answers an optional prompt, then nothing is kept', () => {
    expect(optionalAnswer('Omitir')).toBeNull();
    expect(optionalAnswer('   ')).toBeNull();
    expect(optionalAnswer('  María Pérez ')).toBe('María Pérez');
  });

  it('when the consent is answered "sí" or "acepto", then it is granted; "no acepto" is not', () => {
    expect(grantsConsent('Sí')).toBe(true);
    expect(grantsConsent('acepto')).toBe(true);
    expect(grantsConsent('No acepto')).toBe(false);
  });
});
