import type { DeliveryKind } from '../models/deliveries';

/** One question answered (or noticed) in a meeting chat, with the page that shows it. */
export interface MeetingChatItem {
  trackingCode: string;
  pageUrl: string;
}

const openings: Record<DeliveryKind, string> = {
  answer:
    'La Agencia Nacional de Minería publicó la respuesta oficial a estas preguntas hechas en esta reunión:',
  'extension-notice':
    'Necesitamos más tiempo para responder bien estas preguntas hechas en esta reunión, como lo permite la Ley 1755 de 2015 (artículo 14). La nueva fecha de cada una está en su enlace:',
  'forwarding-notice':
    'Estas preguntas hechas en esta reunión no son competencia de la Agencia Nacional de Minería: las enviamos a la entidad que debe responderlas (Ley 1755 de 2015, artículo 21). El detalle está en el enlace de cada una:',
};

/**
 * The one message a Teams meeting chat receives for every question of that meeting answered in
 * a pass of the deliverer: the chat is shared, so it lists codes and links, never the askers.
 */
export function meetingChatText(kind: DeliveryKind, items: readonly MeetingChatItem[]): string {
  const lines = [...items]
    .sort((a, b) => a.trackingCode.localeCompare(b.trackingCode))
    .map((item) => `- ${item.trackingCode}: ${item.pageUrl}`);
  return [openings[kind], lines.join('\n')].join('\n\n');
}
