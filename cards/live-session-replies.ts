import type { Reply } from './reply';

export function meetingIntroReply(): Reply {
  return {
    title: 'Asistente de rendición de cuentas de la ANM',
    paragraphs: [
      'Durante esta sesión registraré las preguntas que escriban en este chat, para que ninguna se quede sin respuesta.',
      'No responderé aquí mientras hablan. Al terminar la reunión publicaré un resumen.',
      'Guardo solo el texto de las preguntas, sin datos de quién las hizo.',
    ],
  };
}

export interface SessionSummaryFacts {
  title: string;
  captured: number;
  groups: number;
  answeredLive: number;
  pending: number;
  /** "el miércoles 16 de diciembre de 2026"; null when nothing is pending. */
  dueInWords: string | null;
  publicationUrl: string;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function sessionSummaryReply(summary: SessionSummaryFacts): Reply {
  const paragraphs =
    summary.captured === 0
      ? ['En esta sesión no se registraron preguntas en el chat.']
      : summary.pending === 0
        ? ['Todas las preguntas se respondieron en vivo. ¡Gracias por participar!']
        : [
            `La ANM responderá por escrito las preguntas pendientes a más tardar ${summary.dueInWords ?? 'en el plazo legal'}.`,
          ];
  if (summary.captured > 0) {
    paragraphs.push('Las respuestas se publicarán en la página web de la ANM.');
  }
  return {
    title: `Resumen de la sesión: ${summary.title}`,
    paragraphs,
    facts: [
      {
        title: 'Preguntas recibidas',
        value:
          summary.groups < summary.captured
            ? `${summary.captured} (${count(summary.groups, 'tema', 'temas distintos')})`
            : String(summary.captured),
      },
      { title: 'Respondidas en vivo', value: String(summary.answeredLive) },
      { title: 'Pendientes de respuesta', value: String(summary.pending) },
    ],
    sources: summary.pending > 0 ? [{ label: 'Ley 1755 de 2015, artículo 14' }] : undefined,
    links:
      summary.captured > 0
        ? [{ title: 'Página web de la ANM', url: summary.publicationUrl }]
        : undefined,
  };
}
