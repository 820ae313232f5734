/** Form fields with their inline errors, wired for screen readers (aria-invalid, aria-describedby). */
import { append, h, uid } from './dom.js';

/** A field with a slot for its inline error, wired with aria-describedby and aria-invalid. */
export class Field {
  readonly errorId = uid('err');
  readonly error = h('p', { class: 'field-error', id: this.errorId, hidden: true });
  constructor(readonly input: HTMLElement) {}
  show(message: string): void {
    this.error.textContent = message;
    this.error.hidden = false;
    this.input.setAttribute('aria-invalid', 'true');
    const described = this.input.getAttribute('aria-describedby') ?? '';
    if (!described.includes(this.errorId))
      this.input.setAttribute('aria-describedby', `${described} ${this.errorId}`.trim());
  }
  clear(): void {
    this.error.hidden = true;
    this.error.textContent = '';
    this.input.removeAttribute('aria-invalid');
  }
}

export const radioGroup = <T extends string>(
  legend: string,
  name: string,
  options: Array<[T, string, boolean?]>,
  value: string,
  onChange: (v: T) => void,
  hint?: string,
): { fieldset: HTMLFieldSetElement; field: Field } => {
  const fieldset = h('fieldset', {}, h('legend', {}, legend));
  const field = new Field(fieldset);
  if (hint) append(fieldset, h('p', { class: 'hint' }, hint));
  for (const [v, label, disabled] of options) {
    const id = uid(name);
    append(
      fieldset,
      h(
        'span',
        { class: 'choice' },
        h('input', {
          type: 'radio',
          id,
          name,
          value: v,
          checked: v === value,
          disabled,
          onchange: () => onChange(v),
        }),
        h('label', { for: id }, label),
      ),
    );
  }
  append(fieldset, field.error);
  return { fieldset, field };
};

/** An input, textarea or select with its label, an optional hint and its error slot, the hint wired for screen readers. */
export const labelledInput = (
  label: string,
  input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  hint?: string,
): { wrap: HTMLDivElement; field: Field } => {
  const id = uid('f');
  input.id = id;
  const hintId = hint ? uid('hint') : undefined;
  if (hintId) input.setAttribute('aria-describedby', hintId);
  const field = new Field(input);
  const wrap = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    input,
    field.error,
  );
  return { wrap, field };
};

/**
 * The field among `fields` (keyed by the request path each answers) that an error about `path` belongs to:
 * the same path, else the longest one `path` lies under (`administration.studentCounts.0.students` under
 * `administration.studentCounts.0`).
 */
export const fieldFor = <F>(fields: Record<string, F>, path: string): F | undefined => {
  if (fields[path]) return fields[path];
  const under = Object.keys(fields)
    .filter((k) => path.startsWith(`${k}.`))
    .sort((a, b) => b.length - a.length)[0];
  return under === undefined ? undefined : fields[under];
};

/**
 * Focus the first field with an error. For a group of radio buttons or checkboxes that is its fieldset, which
 * cannot take focus itself: then its first input, so a keyboard or screen-reader user lands in the group.
 */
export const focusFirstInvalid = (form: HTMLElement): void => {
  const invalid = form.querySelector<HTMLElement>('[aria-invalid=true]');
  const target =
    invalid instanceof HTMLFieldSetElement
      ? invalid.querySelector<HTMLElement>('input, select, textarea, button')
      : invalid;
  target?.focus();
};
