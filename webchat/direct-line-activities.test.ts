import { RequestRefusal } from '../kernel/errors';
import { botActivity, clientActivityOf, userActivity } from './direct-line-activities';

const place = {
  conversationId: 'AAAAAAAAAAAAAAAAAAAAAA',
  userId: 'dl_BBBBBBBBBBBBBBBBBBBBBB',
  watermark: 7,
  at: new Date('2026-03-02T15:00:00Z'),
};

describe('the activities of an embedded Direct Line conversation', () => {
  it('when Web Chat posts a message, then the bot sets who sent it and its ids, and keeps only what Web Chat sends', () => {
    const posted = clientActivityOf({
      type: 'message',
      text: 'hola',
      locale: 'es-ES',
      from: { id: 'dl_someone_else', name: 'María Pérez', role: 'bot' },
      conversation: { id: 'another-conversation' },
      serviceUrl: 'https://attacker.example',
      channelData: { clientActivityID: 'client-1', secret: 'x' },
      attachments: [],
    });
    expect(userActivity(posted, place)).toEqual({
      type: 'message',
      text: 'hola',
      locale: 'es-ES',
      id: 'AAAAAAAAAAAAAAAAAAAAAA|0000007',
      timestamp: '2026-03-02T15:00:00.000Z',
      channelId: 'webchat',
      from: { id: 'dl_BBBBBBBBBBBBBBBBBBBBBB', name: '', role: 'user' },
      recipient: { id: 'anm-asistente', name: 'Asistente de la ANM', role: 'bot' },
      conversation: { id: 'AAAAAAAAAAAAAAAAAAAAAA' },
      channelData: { clientActivityID: 'client-1' },
    });
  });

  it("when a card's button is pressed, then its submitted value reaches the bot", () => {
    const posted = clientActivityOf({
      type: 'message',
      value: { text: 'Sí', $weird: { 'a.b': 1 } },
    });
    expect(userActivity(posted, place)).toMatchObject({
      value: { text: 'Sí', $weird: { 'a.b': 1 } },
    });
  });

  it('when what is posted is not a message or an event, then it is refused', () => {
    for (const body of [
      null,
      'hola',
      { type: 'conversationUpdate' },
      { type: 'message', text: 7 },
    ]) {
      expect(() => clientActivityOf(body)).toThrow(RequestRefusal);
    }
  });

  it('when the bot sends an activity, then the transcript keeps it without its serviceUrl, with ids of this conversation', () => {
    const kept = botActivity(
      {
        type: 'message',
        text: 'Hola',
        serviceUrl: 'http://127.0.0.1:3978/v3/directline/bot/secret-key',
        conversation: { id: 'whatever' },
        from: { id: 'anm-asistente' },
      },
      place,
    );
    expect(kept).toEqual({
      type: 'message',
      text: 'Hola',
      from: { id: 'anm-asistente' },
      id: 'AAAAAAAAAAAAAAAAAAAAAA|0000007',
      timestamp: '2026-03-02T15:00:00.000Z',
      channelId: 'webchat',
      conversation: { id: 'AAAAAAAAAAAAAAAAAAAAAA' },
    });
  });
});
