/**
 * zod/mini loads no locale: without one every issue's message is a bare "Invalid input". The API answers
 * validation errors with their messages (functions/lib/body.ts, http.ts) and the config names what is wrong with
 * a variable (config.ts), so every module that imports zod/mini imports this one first, for its side effect:
 * English messages, the same as classic zod's. test/unit/zod-locale.test.ts checks that none forgets it.
 *
 * The locale comes from its own file (~3 KB of a bundle): `z.locales.en()` would bundle all of zod's locales.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());
