/**
 * Errors of the people forms shown where they belong: the API's field (`field`, or a 422's `errors`), or the
 * field a code is about (an address that is a member already: the e-mailadres); what has no field goes in a box
 * above the buttons. Focus moves to the first field with an error, or to the box.
 */
import { ApiError } from '../../api.js';
import { h, replace } from '../../dom.js';
import { type Field, fieldFor, focusFirstInvalid } from '../../fields.js';
import { codeNl, errorNl } from '../../messages-nl.js';
import type { FormError } from '../../people.js';
import { errorBox } from '../../ui.js';

/** The field errors of a refused call, or [] when the error is about no field. */
export const apiFieldErrors = (err: unknown, fieldOfCode: Record<string, string> = {}): FormError[] => {
  if (!(err instanceof ApiError)) return [];
  const byCode = fieldOfCode[err.code];
  if (byCode) return [{ field: byCode, message: errorNl(err) }];
  if (err.code === 'invalid_request' && err.errors.length > 0) {
    return err.errors.map((e) => ({
      field: e.field ?? '',
      message: codeNl(e.code) ?? 'Dit veld is niet goed ingevuld.',
    }));
  }
  if (err.field) return [{ field: err.field, message: errorNl(err) }];
  return [];
};

/**
 * Shows `errors` at their fields in `form` (and those without one, or `err` itself when nothing has a field,
 * in `box`); then focuses the first. Clears what was shown before.
 */
export const showFormErrors = (
  form: HTMLElement,
  fields: Record<string, Field>,
  box: HTMLElement,
  errors: readonly FormError[],
  err?: unknown,
): void => {
  for (const f of Object.values(fields)) f.clear();
  replace(box);
  const unplaced = errors.filter((e) => {
    const field = fieldFor(fields, e.field);
    field?.show(e.message);
    return !field;
  });
  if (unplaced.length > 0 || (errors.length === 0 && err !== undefined)) {
    const alert =
      unplaced.length > 0 ? errorBox({ messageNl: unplaced.map((e) => e.message).join(' ') }) : errorBox(err);
    alert.setAttribute('tabindex', '-1');
    replace(box, alert);
    if (!form.querySelector('[aria-invalid=true]')) {
      alert.focus();
      return;
    }
  }
  focusFirstInvalid(form);
};

/** An empty box for errors that belong to no field. */
export const errorSlot = (): HTMLElement => h('div', { class: 'form-errors' });
