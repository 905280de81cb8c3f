/**
 * Text that crosses a boundary (IPC, socket, HTTP, CSV, a scanner): no control characters. PostgreSQL refuses
 * U+0000 in text, receipt printers act on C0 bytes, and none of them is something a person typed on purpose, so
 * they are refused where the text arrives, with a message that says which field, never stored.
 *
 * Line breaks (LF, CR) and tab are allowed only in fields that are meant to hold several lines.
 */
import { z } from 'zod';

// Matching control characters is the point of these two patterns.
/* eslint-disable no-control-regex */
/** C0 controls, DEL and C1 controls. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
/** The same without tab, LF and CR. */
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
/* eslint-enable no-control-regex */

/** True when `text` holds a character no field takes (with `multiLine`, tab and line breaks are fine). */
export function hasControlCharacters(text: string, multiLine = false): boolean {
  return (multiLine ? CONTROL_EXCEPT_LINE_BREAKS : CONTROL).test(text);
}

/** The message for a refused field: where, and what to do. */
export function controlCharacterMessage(field: string): string {
  return `${field} contains a control character (such as NUL or an escape code): remove it and try again.`;
}

/** A string schema that refuses control characters; chain .min/.max/.trim as for z.string(). */
export function plainText(field: string): z.ZodString {
  return z.string().refine((text) => !hasControlCharacters(text), controlCharacterMessage(field));
}

/** As plainText, but tab and line breaks are allowed (notes, addresses, receipt texts). */
export function multiLineText(field: string): z.ZodString {
  return z.string().refine((text) => !hasControlCharacters(text, true), controlCharacterMessage(field));
}

/** A note of a few lines on a request (at most 500 characters): empty means none. */
export const optionalNote = multiLineText('Note')
  .trim()
  .max(500, 'Note: at most 500 characters')
  .transform((text) => (text === '' ? null : text))
  .nullable()
  .optional();
