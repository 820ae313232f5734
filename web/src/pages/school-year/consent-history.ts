/**
 * "Geschiedenis van de toestemming": every give, change and revoke, who did it and what it said; and each
 * delivery date that came without data (recorded by msv itself, not by a person).
 */
import { NO_DATA_ACTOR } from '../../../../shared/model.js';
import { h } from '../../dom.js';
import { dateNl, dateTimeNl, LEVEL_NL } from '../../format.js';
import type { ConsentView } from '../../types.js';

const ACTION_NL: Record<string, string> = {
  consent_given: 'Toestemming gegeven',
  consent_changed: 'Toestemming gewijzigd',
  consent_revoked: 'Toestemming ingetrokken',
  consent_no_data: 'Niets geleverd: geen gegevens op de leverdatum',
};

export const historySection = (view: ConsentView): HTMLElement =>
  h(
    'section',
    { 'aria-labelledby': 'history-h' },
    h('h2', { id: 'history-h' }, 'Geschiedenis van de toestemming'),
    view.history.length === 0
      ? h('p', {}, 'Nog geen wijzigingen.')
      : h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Wanneer', 'Wat', 'Door', 'Leverdatum', 'Niveau'].map((t) => h('th', { scope: 'col' }, t)),
            ),
          ),
          h(
            'tbody',
            {},
            view.history.map((e) =>
              h(
                'tr',
                {},
                h('td', {}, dateTimeNl(e.at)),
                h('td', {}, ACTION_NL[e.action] ?? e.action),
                h('td', {}, e.actor === NO_DATA_ACTOR ? 'msv' : (e.after.updatedByName ?? e.actor)),
                h('td', {}, dateNl(e.after.deliveryDate)),
                h('td', {}, LEVEL_NL[e.after.level] ?? e.after.level),
              ),
            ),
          ),
        ),
  );
