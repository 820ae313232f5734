/**
 * `msv-basis`: a generic 4-point instrument written by the msv team, covering the three domains the Inspectie
 * asks for. Schools whose vendor exports item-level data in our format can use it as is.
 */
import { type Instrument, item } from './schema.js';

const eens = { points: 4, labels: ['helemaal niet waar', 'niet waar', 'wel waar', 'helemaal waar'] };
const vaak = { points: 4, labels: ['nooit', 'een keer', 'een paar keer per maand', '(bijna) elke week'] };
const jaNee = { points: 3, labels: ['ja', 'nee', 'weet ik niet'] };
const nvt = ['9', 'nvt'];

export const msvBasis: Instrument = {
  id: 'msv-basis',
  name: 'MSV Basis',
  publisher: 'msv',
  items: [
    item('vb1', 'Ik voel me veilig op school.', 'veiligheidsbeleving', eens),
    item('vb2', 'Ik voel me veilig in de klas.', 'veiligheidsbeleving', eens),
    item('vb3', 'Ik voel me veilig op het schoolplein of in de aula.', 'veiligheidsbeleving', eens, {
      notApplicable: nvt,
    }),
    item('vb4', 'Ik ben bang voor andere leerlingen op school.', 'veiligheidsbeleving', eens, {
      reversed: true,
    }),
    item('vb5', 'Ik voel me veilig op weg van en naar school.', 'veiligheidsbeleving', eens, {
      notApplicable: nvt,
    }),
    item('aa1', 'Ik ben de afgelopen maanden op school gepest.', 'aantasting', vaak, {
      reversed: true,
      bullying: true,
    }),
    item('aa2', 'Ik ben de afgelopen maanden online gepest door leerlingen van school.', 'aantasting', vaak, {
      reversed: true,
      bullying: true,
      notApplicable: nvt,
    }),
    item('aa3', 'Er is de afgelopen maanden op school geweld tegen mij gebruikt.', 'aantasting', vaak, {
      reversed: true,
    }),
    item('aa4', 'Ik ben de afgelopen maanden op school bedreigd.', 'aantasting', vaak, { reversed: true }),
    item('aa5', 'Ik ben de afgelopen maanden op school uitgescholden om wie ik ben.', 'aantasting', vaak, {
      reversed: true,
      bullying: true,
    }),
    // Yes / no / don't know: reported as counts, never averaged.
    item('aa6', 'Als ik gepest word, weet ik bij wie ik op school terecht kan.', 'aantasting', jaNee, {
      inAverage: false,
    }),
    item('wb1', 'Ik ga met plezier naar school.', 'welbevinden', eens),
    item('wb2', 'Ik heb het naar mijn zin in de klas.', 'welbevinden', eens),
    item('wb3', 'Ik heb vrienden op school.', 'welbevinden', eens),
    item('wb4', 'Ik voel me vaak alleen op school.', 'welbevinden', eens, { reversed: true }),
  ],
};
