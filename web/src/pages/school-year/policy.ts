/**
 * "Beleid": the school's safety policy, which is the school's and not a school year's — the anti-bullying
 * coordinator (who is the aanspreekpunt pesten), when the safety plan was last adopted, its protocols and the
 * programmes used. Those who may change it get the form, filled with what is stored; others see it as the report
 * names it, "niet opgegeven" for what was not stated. The section loads its own data, so that the rest of the
 * page does not wait for it.
 */
import { policyForReport } from '../../../../shared/policy/report.js';
import type { AppContext } from '../../context.js';
import { h, replace, uid } from '../../dom.js';
import { Field, labelledInput } from '../../fields.js';
import {
  mayStatePolicy,
  type PolicyValues,
  PROTOCOLS,
  policyRequest,
  policyUpdatedNl,
  policyValuesOf,
} from '../../policy.js';
import type { PolicyView } from '../../types.js';
import { announce, busy, errorBox } from '../../ui.js';
import { apiFieldErrors, errorSlot, showFormErrors } from '../board-people/form-errors.js';

/** Who changed it last: focused after a save, so that the keyboard stays in the section. */
const updatedLine = (view: PolicyView): HTMLElement =>
  h('p', { class: 'hint', tabindex: -1, id: 'policy-updated' }, policyUpdatedNl(view));

/** The policy as the report names it, for those who may see but not change it. */
const policyList = (view: PolicyView): HTMLElement => {
  const report = policyForReport(view.policy);
  return h(
    'dl',
    { class: 'summary' },
    report.rows
      .filter((r) => r.item !== 'protocols')
      .flatMap((r) => [h('dt', {}, r.label), h('dd', {}, r.value)]),
    report.protocols.flatMap((p) => [h('dt', {}, p.label), h('dd', {}, p.value)]),
  );
};

const text = (name: string, type: 'text' | 'email', value: string, maxlength: number) =>
  h('input', {
    type,
    name,
    value,
    maxlength,
    autocomplete: 'off',
    spellcheck: type === 'email' ? 'false' : undefined,
  });

const policyForm = (ctx: AppContext, path: string, view: PolicyView, redraw: (v: PolicyView) => void) => {
  const values: PolicyValues = policyValuesOf(view);
  const name = labelledInput('Naam', text('coordinatorName', 'text', values.name, 200));
  const email = labelledInput(
    'E-mailadres',
    text('coordinatorEmail', 'email', values.email, 254),
    'Waar leerlingen, ouders en collega’s de coördinator bereiken. Bij voorkeur een functieadres (zoals pestcoordinator@uwschool.nl): dat blijft kloppen als een ander de taak overneemt. Naam en adres gaan met de levering mee naar de Inspectie.',
  );
  const coordinatorSet = h(
    'fieldset',
    {},
    h('legend', {}, 'Coördinator anti-pestbeleid en aanspreekpunt pesten'),
    h(
      'p',
      { class: 'hint' },
      'De wet vraagt één persoon die het anti-pestbeleid coördineert en het aanspreekpunt is bij pesten.',
    ),
    name.wrap,
    email.wrap,
  );
  const adoptedInput = h('input', {
    type: 'date',
    name: 'safetyPlanAdopted',
    value: values.adopted,
    max: ctx.me.today,
  });
  const adopted = labelledInput(
    'Veiligheidsplan laatst vastgesteld op',
    adoptedInput,
    'De datum waarop het veiligheidsplan voor het laatst is vastgesteld, niet een geplande datum.',
  );

  const protocolSet = h(
    'fieldset',
    {},
    h('legend', {}, 'Protocollen in het veiligheidsplan'),
    h('p', { class: 'hint' }, 'Vink aan welke protocollen het plan heeft. Niets aangevinkt: niet opgegeven.'),
  );
  const protocolField = new Field(protocolSet);
  const boxes = PROTOCOLS.map((p) => {
    const id = uid('protocol');
    const box = h('input', {
      type: 'checkbox',
      id,
      name: 'protocols',
      value: p.id,
      checked: values.protocols.includes(p.id),
    });
    box.addEventListener('change', () => protocolField.clear());
    protocolSet.append(h('div', {}, h('span', { class: 'choice' }, box, h('label', { for: id }, p.label))));
    return { code: p.id, box };
  });
  const noneId = uid('protocol');
  const none = h('input', { type: 'checkbox', id: noneId, name: 'noProtocols', checked: values.noProtocols });
  none.addEventListener('change', () => protocolField.clear());
  protocolSet.append(
    h(
      'div',
      {},
      h('span', { class: 'choice' }, none, h('label', { for: noneId }, 'Geen van deze protocollen')),
    ),
    protocolField.error,
  );

  const programmes = labelledInput(
    'Programma’s en methoden',
    h('textarea', { name: 'programmes', rows: 4, maxlength: 2000 }, values.programmes),
    'Welke programma’s of methoden de school gebruikt voor een sociaal veilige school, zoals KiVa of Rots en Water.',
  );

  const fields: Record<string, Field> = {
    'coordinator.name': name.field,
    'coordinator.email': email.field,
    safetyPlanAdopted: adopted.field,
    protocols: protocolField,
    programmes: programmes.field,
  };
  const box = errorSlot();
  const button = h('button', { type: 'submit', id: 'policy-submit' }, 'Beleid opslaan');
  const form = h(
    'form',
    { class: 'card', novalidate: true, 'aria-labelledby': 'policy-h' },
    coordinatorSet,
    adopted.wrap,
    protocolSet,
    programmes.wrap,
    box,
    h('p', {}, button),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const checked = policyRequest(
      {
        name: (name.field.input as HTMLInputElement).value,
        email: (email.field.input as HTMLInputElement).value,
        adopted: adoptedInput.value,
        protocols: boxes.filter((b) => b.box.checked).map((b) => b.code),
        noProtocols: none.checked,
        programmes: (programmes.field.input as HTMLTextAreaElement).value,
      },
      view.version,
      ctx.me.today,
    );
    if (!checked.ok) {
      showFormErrors(form, fields, box, checked.errors);
      return;
    }
    showFormErrors(form, fields, box, []);
    void busy(button, async () => {
      try {
        const saved = await ctx.api.json<PolicyView>(path, { method: 'PUT', json: checked.body });
        announce('Het beleid is opgeslagen.');
        redraw(saved);
      } catch (err) {
        showFormErrors(form, fields, box, apiFieldErrors(err), err);
      }
    });
  });
  return form;
};

export const policySection = (ctx: AppContext, schoolId: string): HTMLElement => {
  const path = `/schools/${encodeURIComponent(schoolId)}/policy`;
  const content = h('div', {}, h('p', { class: 'loading' }, 'Bezig met laden…'));
  const draw = (view: PolicyView, focus = false) => {
    const updated = updatedLine(view);
    replace(
      content,
      updated,
      mayStatePolicy(ctx.me, schoolId)
        ? policyForm(ctx, path, view, (saved) => draw(saved, true))
        : policyList(view),
    );
    if (focus) updated.focus();
  };
  void ctx.api.json<PolicyView>(path).then(
    (view) => draw(view),
    (err: unknown) => replace(content, errorBox(err)),
  );
  return h(
    'section',
    { 'aria-labelledby': 'policy-h' },
    h('h2', { id: 'policy-h' }, 'Beleid'),
    h(
      'p',
      {},
      'Het beleid van de school voor sociale veiligheid: het hoort bij de school, niet bij één schooljaar. Wat leeg blijft, geldt als niet opgegeven.',
    ),
    // The consent snapshots the policy (the delivery is what the board agreed to): a later edit waits for a new save.
    h(
      'p',
      { class: 'hint', id: 'policy-snapshot-note' },
      'Bij het geven of wijzigen van de toestemming wordt het beleid zoals het dan is vastgelegd, en dat wordt geleverd. Wijzigt u het beleid daarna, sla dan ook de toestemming opnieuw op (Wijzigen), anders levert msv het beleid van toen.',
    ),
    content,
  );
};
