/** What each form step of the consent wizard gives the wizard: its content, its fields, how to read it. */
import type { Field } from '../../fields.js';

export interface StepView {
  children: HTMLElement[];
  /**
   * The step's fields by the request path each answers (`deliveryDate`, `administration.period.to`), the
   * paths the draft's errors and the API's errors both name. A function: a step may redraw some fields.
   */
  fields: () => Record<string, Field>;
  /** Copies into the draft what is read only on "Volgende" (typed dates and text; choices write at once). */
  read: () => void;
}
