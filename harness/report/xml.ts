/**
 * Escaping for XML and HTML text and attributes. Characters XML 1.0 forbids (C0 controls other
 * than tab, newline and carriage return; U+FFFE, U+FFFF; lone surrogates) cannot be escaped at
 * all (XML 1.0 §2.2, "Char"), so they become U+FFFD: probe evidence is arbitrary bytes.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

const clean = (s: string) => s.replace(FORBIDDEN, '\uFFFD');

export const xmlText = (s: string): string => clean(s).replace(/[<>&]/g, (c) => ENTITIES[c]!);

/** Newlines and tabs as character references: an attribute's own would be normalised to spaces (§3.3.3). */
export const xmlAttr = (s: string): string =>
  clean(s).replace(/[<>&"'\n\r\t]/g, (c) => ENTITIES[c] ?? `&#${c.charCodeAt(0)};`);
