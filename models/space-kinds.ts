/** The five kinds of accountability space in the ANM's strategy. */
export const spaceTypes = [
  'audiencia-publica',
  'audiencia-terceros',
  'activa-la-region',
  'mesa-foro-grupo-focal',
  'redes-sociales',
] as const;
export type SpaceType = (typeof spaceTypes)[number];

export const spaceTypeLabels: Record<SpaceType, string> = {
  'audiencia-publica': 'Audiencia pública de rendición de cuentas',
  'audiencia-terceros': 'Audiencia de participación de terceros',
  'activa-la-region': 'ANM Activa la Región',
  'mesa-foro-grupo-focal': 'Mesa, foro o grupo focal',
  'redes-sociales': 'Transmisión en redes sociales',
};

export const spaceStates = ['scheduled', 'open', 'closed'] as const;
export type SpaceState = (typeof spaceStates)[number];
