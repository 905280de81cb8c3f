/**
 * Text that crosses a boundary (IPC, socket, HTTP, CSV, a scanner): no control characters. PostgreSQL refuses
 * U+0000 in text, receipt printers act on C0 bytes, and none of them is something a person typed on purpose, so
 * they are refused where the text arrives, with a message that says which field, never stored.
 *
 * Line breaks (LF, CR) and tab are allowed only in fields that are meant to hold several lines.
 */
import { z } from 'zod';

/** C0 controls, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex -- control characters are what this pattern is for
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;
/** The same without tab, LF and CR. */
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

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
