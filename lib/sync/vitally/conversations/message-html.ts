import { createHash } from "node:crypto";

/**
 * A Ferry message as the HTML body of a Vitally message (reference §3.3: only a, img, p, div, br,
 * ul, ol, li, b, u, i, strong, em, code are kept; other tags are stripped by Vitally). Everything
 * that comes from people (text, file names, URLs) is HTML-escaped, so a message can never inject
 * markup. Vitally messages have no attachment field, so attachments follow the text as links with
 * their names and sizes.
 */

export type MessageAttachment = { name: string; url: string; size: number | null };

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** 0 B, 999 B, 1.5 KB, 12 MB, 1.2 GB (1 KB = 1024 B). */
export function formatBytes(size: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 10 ? Math.round(value).toString() : value.toFixed(1).replace(/\.0$/, "");
  return `${shown} ${units[unit]}`;
}

/** Only http(s) links become hrefs; anything else is shown as text (defence in depth: Ferry's API already refuses other schemes). */
function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return paragraphs.map((p) => `<p>${p.split("\n").map(escapeHtml).join("<br>")}</p>`).join("");
}

function attachmentsToHtml(attachments: MessageAttachment[]): string {
  if (attachments.length === 0) return "";
  const items = attachments.map((a) => {
    const label = `${escapeHtml(a.name)}${a.size === null ? "" : ` (${formatBytes(a.size)})`}`;
    const href = safeHref(a.url);
    return href ? `<li><a href="${escapeHtml(href)}" target="_blank">${label}</a></li>` : `<li>${label}: ${escapeHtml(a.url)}</li>`;
  });
  return `<p><b>Attachments</b></p><ul>${items.join("")}</ul>`;
}

export function renderMessageHtml(message: { text: string; attachments: MessageAttachment[] }): string {
  const html = textToHtml(message.text) + attachmentsToHtml(message.attachments);
  // Vitally requires a message body; an attachment-only message always has one, so this is a text-less, attachment-less edge.
  return html || "<p></p>";
}

/** What MessageSync.sentHash holds: an edit of the text or the attachments changes it. */
export function messageContentHash(message: { text: string; attachments: MessageAttachment[] }): string {
  return createHash("sha256")
    .update(JSON.stringify([message.text, message.attachments.map((a) => [a.name, a.url, a.size])]))
    .digest("hex");
}
