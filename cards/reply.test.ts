import { validateAdaptiveCard } from '../test/support/adaptive-card-validator';
import { quickReplyLimits } from './channel-support';
import { renderReply, type Reply } from './reply';
import { welcomeReply } from './welcome-card';

const reply: Reply = {
  title: '¿Qué es el canon superficiario?',
  paragraphs: ['Es un pago anual.', 'Lo paga quien tiene el título.'],
  facts: [{ title: 'Plazo', value: '15 días hábiles' }],
  sources: [{ label: 'Ley 685 de 2001, artículo 230', url: 'https://www.anm.gov.co/' }],
  suggestions: ['Sí', 'No'],
};

describe('renderReply', () => {
  it('when the channel shows cards, then the reply is a valid Adaptive Card 1.5 with its source and buttons', () => {
    const activity = renderReply(reply, 'msteams');
    const card = activity.attachments?.[0]?.content as {
      body: unknown[];
      actions: { title: string }[];
    };
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(JSON.stringify(card.body)).toContain(
      'Fuente: [Ley 685 de 2001, artículo 230](https://www.anm.gov.co/)',
    );
    expect(card.actions.map((action) => action.title)).toEqual(['Sí', 'No']);
  });

  it('when the channel is Messenger, then the reply is text with the source and quick replies', () => {
    const activity = renderReply(reply, 'facebook');
    expect(activity.attachments).toBeUndefined();
    expect(activity.text).toContain('Es un pago anual.');
    expect(activity.text).toContain('Plazo: 15 días hábiles');
    expect(activity.text).toContain(
      'Fuente: Ley 685 de 2001, artículo 230 (https://www.anm.gov.co/)',
    );
    expect(activity.suggestedActions?.actions.map((action): unknown => action.value)).toEqual([
      'Sí',
      'No',
    ]);
  });

  it('when a button is pressed in a card, then it carries the same text as typing its label', () => {
    const card = renderReply(reply, 'webchat').attachments?.[0]?.content as {
      actions: { data: unknown }[];
    };
    expect(card.actions[0]?.data).toEqual({ text: 'Sí', msteams: { type: 'imBack', value: 'Sí' } });
  });

  it('when a reply has several sources and a note, then every channel shows all of them', () => {
    const cited: Reply = {
      paragraphs: ['Respuesta.'],
      sources: [
        { label: 'Ley 1755 de 2015, artículo 14' },
        { label: 'Ley 1581 de 2012', url: 'https://www.anm.gov.co/' },
      ],
      note: 'Respuesta redactada con ayuda de inteligencia artificial.',
    };
    const card: unknown = renderReply(cited, 'msteams').attachments?.[0]?.content;
    expect(validateAdaptiveCard(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain(
      'Fuentes: Ley 1755 de 2015, artículo 14; [Ley 1581 de 2012](https://www.anm.gov.co/)',
    );
    expect(JSON.stringify(card)).toContain('inteligencia artificial');
    const text = renderReply(cited, 'facebook').text;
    expect(text).toContain(
      'Fuentes: Ley 1755 de 2015, artículo 14; Ley 1581 de 2012 (https://www.anm.gov.co/)',
    );
    expect(text).toMatch(/inteligencia artificial\.$/);
  });
});

describe('welcomeReply', () => {
  it('when it is rendered as a card, then it is valid for Teams', () => {
    expect(
      validateAdaptiveCard(renderReply(welcomeReply(), 'msteams').attachments?.[0]?.content),
    ).toEqual([]);
  });

  it('when its buttons go to Messenger, then each label fits a quick reply', () => {
    for (const suggestion of welcomeReply().suggestions ?? []) {
      expect(suggestion.length).toBeLessThanOrEqual(quickReplyLimits.titleLength);
    }
  });
});
