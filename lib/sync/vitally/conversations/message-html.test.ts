import { describe, expect, it } from "vitest";
import { escapeHtml, formatBytes, messageContentHash, renderMessageHtml } from "./message-html";

describe("renderMessageHtml", () => {
  it("escapes text and keeps paragraphs and line breaks with allowed tags only", () => {
    expect(renderMessageHtml({ text: "Hi <team>,\nline two & \"three\"\n\n\nNext 'para'", attachments: [] })).toBe(
      "<p>Hi &lt;team&gt;,<br>line two &amp; &quot;three&quot;</p><p>Next &#39;para&#39;</p>",
    );
  });

  it("lists attachments as links with names and sizes, escaping names and URLs", () => {
    const html = renderMessageHtml({
      text: "See files",
      attachments: [
        { name: 'a"><img src=x onerror=alert(1)>.pdf', url: "https://f.example/a.pdf?x=1&y=<2>", size: 10 },
        { name: "b.txt", url: "https://f.example/b.txt", size: null },
      ],
    });
    expect(html).toBe(
      "<p>See files</p><p><b>Attachments</b></p><ul>" +
        '<li><a href="https://f.example/a.pdf?x=1&amp;y=%3C2%3E" target="_blank">a&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.pdf (10 B)</a></li>' +
        '<li><a href="https://f.example/b.txt" target="_blank">b.txt</a></li></ul>',
    );
    expect(html).not.toMatch(/<img/);
  });

  it("never makes a link of a non-http URL", () => {
    expect(renderMessageHtml({ text: "", attachments: [{ name: "x", url: "javascript:alert(1)", size: 1 }] })).toBe(
      "<p><b>Attachments</b></p><ul><li>x (1 B): javascript:alert(1)</li></ul>",
    );
  });

  it("always has a body", () => {
    expect(renderMessageHtml({ text: "   \n\n ", attachments: [] })).toBe("<p></p>");
  });
});

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [1023, "1023 B"],
    [1024, "1 KB"],
    [1536, "1.5 KB"],
    [10 * 1024 + 300, "10 KB"],
    [2_500_000, "2.4 MB"],
    [5 * 1024 ** 3, "5 GB"],
  ])("%d → %s", (n, s) => expect(formatBytes(n)).toBe(s));
});

describe("messageContentHash", () => {
  it("changes with the text or the attachments, not with anything else", () => {
    const base = { text: "Hello", attachments: [{ name: "a", url: "https://x.example/a", size: 1 }] };
    expect(messageContentHash(base)).toBe(messageContentHash({ ...base }));
    expect(messageContentHash({ ...base, text: "Hello!" })).not.toBe(messageContentHash(base));
    expect(messageContentHash({ ...base, attachments: [] })).not.toBe(messageContentHash(base));
    expect(escapeHtml("&")).toBe("&amp;");
  });
});
