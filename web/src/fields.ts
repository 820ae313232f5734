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
