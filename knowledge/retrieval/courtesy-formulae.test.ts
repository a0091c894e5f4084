import { withoutCourtesyFormulae } from './courtesy-formulae';

describe('withoutCourtesyFormulae', () => {
  it('when a formal letter asks a question, then only the question is left', () => {
    const text = withoutCourtesyFormulae(
      'Respetados señores: me permito consultar quién puede pedir un título minero. Atentamente, Jorge Peña.',
    );
    expect(text.replace(/\s+/g, ' ').trim()).toBe('quien puede pedir un titulo minero');
  });

  it('when a message opens with "Cordial saludo" and thanks at the end, then both go', () => {
    const text = withoutCourtesyFormulae('Cordial saludo. ¿Qué es el canon? Muchas gracias.');
    expect(text).not.toMatch(/saludo|gracias/);
    expect(text).toContain('que es el canon?');
  });

  it('when "saludos" or "atentamente" are not a closing at the end, then the words stay', () => {
    expect(withoutCourtesyFormulae('saludos, que es el barequeo')).toContain('que es el barequeo');
    expect(withoutCourtesyFormulae('cordialmente pregunto por el canon y las regalias')).toContain(
      'canon y las regalias',
    );
  });
});
