import { findTrackingCodeText, generateTrackingCode, parseTrackingCode } from './tracking-code';

describe('tracking codes', () => {
  it('when a code is generated, then it reads ANM-XXXX-XXXX and parses back to itself', () => {
    for (let index = 0; index < 200; index++) {
      const code = generateTrackingCode();
      expect(code).toMatch(/^ANM-[0-9A-Y]{4}-[0-9A-Y]{4}$/);
      expect(parseTrackingCode(code)).toEqual({ ok: true, code });
    }
  });

  it('when a citizen types it in lower case, without dashes or with look-alike letters, then it is understood', () => {
    const code = generateTrackingCode();
    const symbols = code.replace(/^ANM-/, '').replace('-', '');
    expect(parseTrackingCode(symbols.toLowerCase())).toEqual({ ok: true, code });
    expect(parseTrackingCode(`anm ${symbols.slice(0, 4)} ${symbols.slice(4)}`)).toEqual({
      ok: true,
      code,
    });
    const withLookalikes = symbols.replace(/0/g, 'O').replace(/1/g, 'l');
    expect(parseTrackingCode(withLookalikes)).toEqual({ ok: true, code });
  });

  it('when one symbol is mistyped, then the check symbol catches it', () => {
    const code = generateTrackingCode();
    const symbols = Array.from(code.replace(/^ANM-/, '').replace('-', ''));
    for (let position = 0; position < symbols.length; position++) {
      const wrong = [...symbols];
      wrong[position] = wrong[position] === 'A' ? 'B' : 'A';
      expect(parseTrackingCode(wrong.join(''))).toEqual({ ok: false, reason: 'checksum' });
    }
  });

  it('when two neighbouring symbols are swapped, then the check symbol catches it', () => {
    let code = generateTrackingCode();
    while (/(.)\1/.test(code.replace(/\W/g, ''))) code = generateTrackingCode();
    const symbols = Array.from(code.replace(/^ANM-/, '').replace('-', ''));
    for (let position = 0; position < symbols.length - 1; position++) {
      const swapped = [...symbols];
      [swapped[position], swapped[position + 1]] = [
        swapped[position + 1] ?? '',
        swapped[position] ?? '',
      ];
      expect(parseTrackingCode(swapped.join('')).ok).toBe(false);
    }
  });

  it('when the text is not a code at all, then it is a format error', () => {
    expect(parseTrackingCode('hola')).toEqual({ ok: false, reason: 'format' });
    expect(parseTrackingCode('ANM-1234-567')).toEqual({ ok: false, reason: 'format' });
  });

  it('when a sentence contains a code, then it is found', () => {
    expect(findTrackingCodeText('cual es el estado de anm 7k3m q9xd porfa')).toBe('ANM-7k3m-q9xd');
    expect(findTrackingCodeText('estado de mi pregunta')).toBeUndefined();
  });
});
