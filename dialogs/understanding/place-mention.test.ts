import { asksAboutHearings, findPlaceMention, placeWords, type KnownPlace } from './place-mention';

const places: KnownPlace[] = [
  { departamento: 'Huila', municipio: 'Pitalito' },
  { departamento: 'Huila', municipio: 'Íquira' },
  { departamento: 'La Guajira', municipio: 'San Juan del Cesar' },
  { departamento: 'La Guajira', municipio: 'La Jagua del Pilar' },
  { departamento: 'Cesar', municipio: 'La Paz' },
  { departamento: 'Cesar', municipio: 'Aguachica' },
  { departamento: 'Córdoba', municipio: 'Montería' },
  { departamento: 'Guaviare', municipio: 'San José del Guaviare' },
  { departamento: 'Meta', municipio: 'Puerto López' },
];

describe('findPlaceMention', () => {
  it.each([
    ['¿Cuándo es la audiencia en Pitalito?', 'municipio', 'Pitalito'],
    ['cuando es la audiencia en pitalíto', 'municipio', 'Pitalito'],
    ['audiencia en pitalto', 'municipio', 'Pitalito'],
    ['hay audiencia en iquira', 'municipio', 'Íquira'],
    ['audiencia en monteria', 'municipio', 'Montería'],
    ['audiencia en san jose del guaviare', 'municipio', 'San José del Guaviare'],
    ['audiencia en san juan del cesar', 'municipio', 'San Juan del Cesar'],
  ])('when a citizen writes "%s", then the %s is %s', (question, kind, name) => {
    const mention = findPlaceMention(question, places);
    expect(mention?.kind).toBe(kind);
    expect(mention?.kind === 'municipio' ? mention.municipio : mention?.departamento).toBe(name);
  });

  it.each([
    ['¿Hay audiencias en el Huila?', 'Huila'],
    ['audiencias en la guajira', 'La Guajira'],
    ['audiencias en guajira', 'La Guajira'],
    ['audiencias en el departamento del cesar', 'Cesar'],
  ])('when "%s" names a department, then it is %s', (question, departamento) => {
    expect(findPlaceMention(question, places)).toMatchObject({
      kind: 'departamento',
      departamento,
    });
  });

  it('when a municipality contains the name of a department ("San Juan del Cesar"), then the municipality wins', () => {
    expect(findPlaceMention('audiencia en san juan del cesar', places)).toMatchObject({
      kind: 'municipio',
    });
  });

  it('when the word "paz" appears alone, then it is not the town of La Paz', () => {
    expect(findPlaceMention('queremos paz en las audiencias', places)).toBeUndefined();
  });

  it('when the place is not in the calendar, then nothing is found', () => {
    expect(findPlaceMention('cuando es la audiencia en bogota', places)).toBeUndefined();
  });
});

describe('asksAboutHearings and placeWords', () => {
  it('when a question is about hearings, then it is recognised', () => {
    expect(asksAboutHearings('¿Cuándo es la audiencia en Bogotá?')).toBe(true);
    expect(asksAboutHearings('¿qué es el canon?')).toBe(false);
  });

  it('when a question ends with a place, then its words are read', () => {
    expect(placeWords('¿Cuándo es la audiencia en Bogotá?')).toBe('bogota');
    expect(placeWords('¿Qué es una audiencia de terceros?')).toBeUndefined();
  });
});
