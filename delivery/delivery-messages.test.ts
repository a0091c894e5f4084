import { deliverySubject, deliveryText } from './delivery-messages';

describe('what a citizen receives after a question', () => {
  const pageUrl = 'https://bot.anm.test/respuestas/ANM-7K2P-Q9XD';

  it('when an answer is delivered, then it names the code, quotes the question briefly and links the public page', () => {
    const message = {
      kind: 'answer' as const,
      trackingCode: 'ANM-7K2P-Q9XD',
      question: `¿Cuánto se paga de canon superficiario? ${'detalle '.repeat(60)}`,
      answer: 'El canon se paga cada año por hectárea contratada.',
      pageUrl,
    };
    const text = deliveryText(message);
    expect(text).toContain('ANM-7K2P-Q9XD');
    expect(text).toContain('El canon se paga cada año por hectárea contratada.');
    expect(text).toContain(pageUrl);
    expect(text).toMatch(/«¿Cuánto se paga de canon superficiario\? detalle.*…»/);
    expect(text.length).toBeLessThan(600);
    expect(deliverySubject(message)).toBe('Respuesta oficial a su pregunta ANM-7K2P-Q9XD');
  });

  it('when the term is extended, then the citizen reads the reason and the new date in words, with the law that allows it', () => {
    const text = deliveryText({
      kind: 'extension-notice',
      trackingCode: 'ANM-7K2P-Q9XD',
      reason: 'Debemos consultar el expediente en la regional.',
      newDueAt: new Date('2027-01-29T23:59:59-05:00'),
      pageUrl,
    });
    expect(text).toContain('Debemos consultar el expediente en la regional.');
    expect(text).toMatch(/29 de enero de 2027/);
    expect(text).toContain('Ley 1755 de 2015 (artículo 14)');
  });

  it('when the question goes to another authority, then the citizen is told which one', () => {
    const text = deliveryText({
      kind: 'forwarding-notice',
      trackingCode: 'ANM-7K2P-Q9XD',
      authority: 'la Corporación Autónoma Regional de Boyacá',
      pageUrl,
    });
    expect(text).toContain('la Corporación Autónoma Regional de Boyacá');
    expect(text).toContain('artículo 21');
  });
});
