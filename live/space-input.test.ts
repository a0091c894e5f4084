import { parseSpaceDetails } from './space-input';

describe('what staff type to schedule or complete a space', () => {
  it('when every field is right, then the space, its time and its channels are read', () => {
    const parsed = parseSpaceDetails({
      type: 'audiencia-publica',
      title: '  Audiencia pública de rendición de cuentas 2026 ',
      responsibleArea: 'Grupo de Participación Ciudadana y Comunicaciones',
      municipality: '',
      department: 'Huila',
      scheduledAt: '2026-12-03T09:00-05:00',
      channels: {
        teamsMeetingId: 'MCMxOTptZWV0aW5nX05qQXpZVEF3@thread.v2',
        facebookLiveVideoId: '900000000000101',
      },
    });
    expect(parsed).toEqual({
      ok: true,
      space: {
        type: 'audiencia-publica',
        title: 'Audiencia pública de rendición de cuentas 2026',
        responsibleArea: 'Grupo de Participación Ciudadana y Comunicaciones',
        municipality: null,
        department: 'Huila',
        scheduledAt: new Date('2026-12-03T14:00:00Z'),
        resources: [
          { kind: 'teams-meeting', id: 'MCMxOTptZWV0aW5nX05qQXpZVEF3@thread.v2' },
          { kind: 'facebook-live-video', id: '900000000000101' },
        ],
      },
    });
  });

  it('when several fields are wrong, then each problem is named in Spanish at once', () => {
    const parsed = parseSpaceDetails({
      type: 'concierto',
      title: 'ab',
      scheduledAt: 'mañana a las 9',
      channels: { facebookLiveVideoId: 'video-1', facebookPostId: '900000000000101' },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      'Tipo de espacio: elija uno de la lista.',
      'Título: escriba al menos 3 caracteres.',
      'Fecha y hora: use el formato 2026-12-03T09:00-05:00.',
      'Video en vivo de Facebook: escriba solo números (el identificador que da Facebook).',
      expect.stringContaining('Publicación de Facebook: use el identificador completo'),
    ]);
  });

  it('when a field nobody knows is sent, then it is refused rather than ignored', () => {
    const parsed = parseSpaceDetails({
      type: 'redes-sociales',
      title: 'Facebook Live',
      state: 'closed',
    });
    expect(parsed).toEqual({
      ok: false,
      problems: ['Hay campos que no conocemos en la solicitud.'],
    });
  });

  it('when the time comes without an offset, as a date-time field gives it, then it is read as Bogotá time', () => {
    const parsed = parseSpaceDetails({
      type: 'activa-la-region',
      title: 'ANM Activa la Región — Sogamoso',
      scheduledAt: '2026-07-20T15:30',
    });
    expect(parsed.ok && parsed.space.scheduledAt).toEqual(new Date('2026-07-20T20:30:00Z'));
  });

  it('when staff type how many took part, then a whole number is read, with or without thousands separators, and empty clears it', () => {
    const participantsOf = (participants: unknown) => {
      const parsed = parseSpaceDetails({
        type: 'redes-sociales',
        title: 'Facebook Live',
        participants,
      });
      return parsed.ok ? parsed.space.participants : parsed.problems;
    };
    expect(participantsOf(120)).toBe(120);
    expect(participantsOf(' 120 ')).toBe(120);
    expect(participantsOf('1.200')).toBe(1200);
    expect(participantsOf('1 200')).toBe(1200);
    expect(participantsOf(0)).toBe(0);
    expect(participantsOf('1.000.000')).toBe(1_000_000);
    expect(participantsOf('')).toBeNull();
    expect(participantsOf(null)).toBeNull();
    const left = parseSpaceDetails({ type: 'redes-sociales', title: 'Facebook Live' });
    expect(left.ok && 'participants' in left.space).toBe(false);
  });

  it('when what staff typed as participants is not a whole number from 0 to 1.000.000, then it is refused in Spanish', () => {
    for (const participants of [-1, 12.5, '12,5', '1.5', 'doce', '1000001', 1_000_001, true, {}]) {
      expect(
        parseSpaceDetails({ type: 'redes-sociales', title: 'Facebook Live', participants }),
      ).toEqual({
        ok: false,
        problems: ['Participantes: escriba un número entero entre 0 y 1.000.000, sin decimales.'],
      });
    }
  });
});
