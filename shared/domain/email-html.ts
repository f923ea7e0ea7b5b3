// The simple HTML rendering a candidate may choose for campaign email (issue 17 item 2): made from the candidate's
// own plain text, every character escaped, paragraphs at blank lines and line breaks kept. Nothing in it can load or
// run anything: no images (so no tracking pixels), no links, no scripts, no styles, no attributes at all but the
// document's language and charset, and a Content-Security-Policy of default-src 'none' for any viewer that honours it.
// A URL the candidate typed stays text; the member copies it if they want it.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values alike. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Paragraphs of plain text (blank lines separate them), each a list of lines. */
export function paragraphs(text: string): string[][] {
  return text.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n+/).map((p) => p.replace(/^\n+|\n+$/g, '')).filter((p) => p.trim() !== '')
    .map((p) => p.split('\n'));
}

const block = (text: string): string =>
  paragraphs(text).map((lines) => `<p>${lines.map(escapeHtml).join('<br>\n')}</p>`).join('\n');

/** The candidate's part of the message: what the candidate signs off (the committee's footer follows it). */
export const candidateHtml = (body: string): string => block(body);

/** The whole HTML part as sent: the candidate's text, then the committee's footer, in one inert document. */
export function emailHtml(subject: string, body: string, footer: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="und">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body>',
    candidateHtml(body),
    '<hr>',
    block(footer.replace(/^-- \n/, '')),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
