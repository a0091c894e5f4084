import { dateInWords } from '../legal-terms/legal-terms';

/** What a card shows of a hearing of the calendar. */
export interface HearingView {
  municipio: string;
  /** A calendar date, "YYYY-MM-DD". */
  fecha: string;
  estado: string;
}
import type { Reply } from './reply';

const calendarSource = {
  label: 'Calendario de audiencias públicas de participación de terceros, ANM',
  url: 'https://www.anm.gov.co/',
};
const maxListed = 12;

/** "viernes 16 de abril de 2021" for the calendar date "2021-04-16". */
function calendarDateInWords(date: string): string {
  return dateInWords(new Date(`${date}T12:00:00-05:00`)).replace(/^el /, '');
}

function calendarNotes(hearings: HearingView[], today: string): string[] {
  const stale = hearings.some(
    (hearing) => hearing.estado === 'Programada' && hearing.fecha < today,
  );
  return [
    ...(stale
      ? [
          'Algunas audiencias aparecen programadas en fechas que ya pasaron. Confirme su estado en www.anm.gov.co.',
        ]
      : []),
    'Las fechas pueden cambiar. El calendario vigente está en www.anm.gov.co.',
  ];
}

function howMany(count: number): string {
  return count === 1 ? 'hay esta audiencia' : `hay ${count} audiencias`;
}

export function municipalityHearingsReply(
  municipio: string,
  departamento: string,
  hearings: HearingView[],
  today: string,
): Reply {
  if (hearings.length === 0) return noHearingsReply(`${municipio} (${departamento})`);
  return {
    title: `Audiencias de participación de terceros en ${municipio} (${departamento})`,
    paragraphs: [
      `Según el calendario de la ANM, ${howMany(hearings.length)}:`,
      ...calendarNotes(hearings, today),
    ],
    facts: hearings.map((hearing) => ({
      title: calendarDateInWords(hearing.fecha),
      value: hearing.estado,
    })),
    sources: [calendarSource],
  };
}

export function departmentHearingsReply(
  departamento: string,
  hearings: HearingView[],
  today: string,
): Reply {
  if (hearings.length === 0) return noHearingsReply(departamento);
  const listed = hearings.slice(0, maxListed);
  const more = hearings.length - listed.length;
  return {
    title: `Audiencias de participación de terceros en ${departamento}`,
    paragraphs: [
      `Según el calendario de la ANM, ${howMany(hearings.length)} en ${departamento}:`,
      ...(more > 0
        ? [
            `Le muestro las primeras ${listed.length}. Pregunte por un municipio para ver solo las suyas.`,
          ]
        : []),
      ...calendarNotes(hearings, today),
    ],
    facts: listed.map((hearing) => ({
      title: hearing.municipio,
      value: `${calendarDateInWords(hearing.fecha)}: ${hearing.estado}`,
    })),
    sources: [calendarSource],
  };
}

export function noHearingsReply(place: string): Reply {
  return {
    paragraphs: [
      `No encontramos audiencias de participación de terceros en ${place} en el calendario que tenemos.`,
      'El calendario vigente está en www.anm.gov.co. Si quiere, escriba "registrar pregunta" y la ANM le responde por escrito.',
    ],
    sources: [calendarSource],
  };
}
