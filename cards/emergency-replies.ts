import type { Reply } from './reply';

/**
 * What a citizen reporting an emergency reads first, on every channel. Line 123 is Colombia's
 * national emergency number; the ANM's mine rescue service (salvamento minero, Decreto Ley 4134
 * de 2011, artículo 4) is described without station addresses or phones, which change: the
 * agency's official site lists them.
 */
export function emergencyReply(): Reply {
  return {
    title: 'Emergencia: llame ya a la línea 123',
    paragraphs: [
      'Si hay personas en peligro, llame ahora mismo a la línea de emergencias 123. Es gratuita y atiende todo el día.',
      'No entre a la mina a rescatar a nadie sin equipo. Los gases y los derrumbes pueden matar en pocos minutos. Aleje a las personas del lugar.',
      'La ANM tiene el servicio de salvamento minero: grupos de rescate y estaciones en las regiones mineras que atienden derrumbes, incendios, explosiones y gases dentro de las minas.',
      'Los datos de las estaciones de salvamento minero están en www.anm.gov.co.',
      'Si alguien amenaza su vida, llame también al 123: la Policía lo atiende.',
    ],
    sources: [{ label: 'Decreto Ley 4134 de 2011, artículo 4', url: 'https://www.anm.gov.co/' }],
  };
}
