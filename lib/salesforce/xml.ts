/**
 * Just enough XML for the Metadata API's SOAP envelopes (reference §6 #13): elements, attributes,
 * text with the five predefined entities and numeric references, CDATA; no DTDs. Names keep their
 * prefix; `local()` strips it. Shared by Ferry's Salesforce client (client.ts) and the sandbox's
 * Metadata API (lib/sandbox/salesforce/metadata-soap.ts), so both read envelopes the same way.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ent: string) => {
    if (ent.startsWith("#x")) return String.fromCodePoint(Number.parseInt(ent.slice(2), 16));
    if (ent.startsWith("#")) return String.fromCodePoint(Number.parseInt(ent.slice(1), 10));
    const value = ENTITIES[ent];
    if (value === undefined) throw new XmlError(`Unknown entity ${whole}`);
    return value;
  });
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

export const local = (name: string) => name.slice(name.indexOf(":") + 1);

export function parseXml(source: string): XmlElement {
  let i = 0;
  const skipMisc = () => {
    for (;;) {
      while (i < source.length && /\s/.test(source.charAt(i))) i += 1;
      if (source.startsWith("<?", i)) i = source.indexOf("?>", i) + 2;
      else if (source.startsWith("<!--", i)) i = source.indexOf("-->", i) + 3;
      else return;
      if (i < 2) throw new XmlError("Unterminated declaration");
    }
  };
  const element = (): XmlElement => {
    const open = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(source.slice(i));
    if (!open) throw new XmlError(`Expected an element at ${i}`);
    i += open[0].length;
    const attrs: Record<string, string> = {};
    for (const m of (open[2] ?? "").matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[m[1] as string] = decode(m[2] ?? m[3] ?? "");
    const el: XmlElement = { name: open[1] as string, attrs, children: [], text: "" };
    if (open[3] === "/") return el;
    for (;;) {
      if (i >= source.length) throw new XmlError(`Unclosed <${el.name}>`);
      if (source.startsWith("</", i)) {
        const close = /^<\/([\w.:-]+)\s*>/.exec(source.slice(i));
        if (!close || close[1] !== el.name) throw new XmlError(`Mismatched closing tag for <${el.name}>`);
        i += close[0].length;
        return el;
      }
      if (source.startsWith("<![CDATA[", i)) {
        const end = source.indexOf("]]>", i);
        if (end === -1) throw new XmlError("Unterminated CDATA");
        el.text += source.slice(i + 9, end);
        i = end + 3;
      } else if (source.startsWith("<!--", i)) {
        i = source.indexOf("-->", i) + 3;
      } else if (source.charAt(i) === "<") {
        el.children.push(element());
      } else {
        const next = source.indexOf("<", i);
        el.text += decode(source.slice(i, next === -1 ? source.length : next));
        i = next === -1 ? source.length : next;
      }
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i < source.length) throw new XmlError("Content after the root element");
  return root;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => local(c.name) === name);
}

/** An element's content as a plain value: text for leaves, objects for nested, arrays for repeats. */
export function toValue(el: XmlElement): unknown {
  if (el.children.length === 0) return el.text;
  const out: Record<string, unknown> = {};
  for (const c of el.children) {
    const key = local(c.name);
    const value = toValue(c);
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[key] = [existing, value];
  }
  return out;
}
