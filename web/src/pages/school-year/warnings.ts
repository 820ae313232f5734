/** The representativeness warnings of a consent (one leerjaar only, low response, …), in Dutch. */
import { h } from '../../dom.js';
import { rowErrorNl } from '../../messages-nl.js';
import type { Warning } from '../../types.js';

export const warningList = (warnings: Warning[]): HTMLElement | null =>
  warnings.length === 0
    ? null
    : h(
        'div',
        { class: 'warning' },
        h('p', {}, h('strong', {}, 'Let op de representativiteit:')),
        h(
          'ul',
          {},
          warnings.map((w) => h('li', {}, w.messageNl ?? rowErrorNl(w.code, w.message))),
        ),
      );
