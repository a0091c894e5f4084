import { createHash } from 'node:crypto';

import type { Reply } from '../cards/reply';
import { replyLabels } from './understanding/reply-words';

/**
 * The authorisation asked before any personal data is kept (Ley 1581 de 2012, arts. 9 and 12:
 * prior, express and informed; the citizen must be told who processes the data, for what, their
 * rights and how to exercise them). Any change to these sentences changes `consentTextVersion`,
 * which is stored with every decision as evidence of what the citizen read.
 */
export function consentReply(privacyPolicyUrl: string): Reply {
  return {
    title: 'Autorización para tratar sus datos personales',
    paragraphs: [
      'Responsable: la Agencia Nacional de Minería (ANM).',
      'Para qué: responder esta pregunta y escribirle solo sobre ella.',
      'Qué datos: su nombre y su correo, si nos los da, y la forma de escribirle por este chat.',
      'Sus derechos: conocer, actualizar, corregir y borrar sus datos, y retirar esta autorización cuando quiera (Ley 1581 de 2012).',
      'Cómo ejercerlos: escriba "borrar mis datos" en este chat o use el canal de PQRSD en www.anm.gov.co.',
      'Si no acepta, igual registramos su pregunta, pero sin ningún dato suyo.',
      '¿Acepta?',
    ],
    links: [{ title: 'Política de datos personales', url: privacyPolicyUrl }],
    suggestions: [replyLabels.accept, replyLabels.decline, replyLabels.cancel],
  };
}

export function consentTextVersion(privacyPolicyUrl: string): string {
  const text = JSON.stringify(consentReply(privacyPolicyUrl));
  return `v1-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
}
