// Builds the literature test corpus in code (no binary fixtures in the repository), with pdf-lib's object-level API
// so each hostile construct sits exactly where an attacker would put it. Shared by unit, request and e2e tests.
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFString, StandardFonts } from 'pdf-lib';
import type { PDFContext, PDFRef } from 'pdf-lib';

export const LETTER: [number, number] = [612, 792];
export const A4: [number, number] = [595.28, 841.89];

/** Text drawn on page n of every fixture built by buildDoc; tests look for it with pdftotext. */
export const pageText = (n: number): string => `Vote for Maria Lopez, page ${n}`;

const N = (s: string): PDFName => PDFName.of(s);
const str = (s: string): PDFString => PDFString.of(s);

async function buildDoc(pages: number, size: [number, number] = LETTER): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) {
    const page = doc.addPage(size);
    page.drawText(pageText(i), { x: 72, y: size[1] - 144, size: 18, font });
  }
  return doc;
}

const save = (doc: PDFDocument): Promise<Uint8Array> =>
  doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false });

function pageDict(doc: PDFDocument, index: number): PDFDict {
  return doc.getPage(index).node;
}

function addAnnot(doc: PDFDocument, index: number, annot: PDFRef): void {
  const page = pageDict(doc, index);
  const existing = page.lookup(N('Annots'));
  if (existing instanceof PDFArray) existing.push(annot);
  else page.set(N('Annots'), doc.context.obj([annot]));
}

const jsAction = (ctx: PDFContext, code: string): PDFRef =>
  ctx.register(ctx.obj({ Type: 'Action', S: 'JavaScript', JS: str(code) }));

const rect = (ctx: PDFContext): PDFArray => ctx.obj([72, 600, 300, 630]);

export async function cleanLetterPdf(): Promise<Uint8Array> {
  return save(await buildDoc(2));
}

export async function landscapeLetterPdf(): Promise<Uint8Array> {
  return save(await buildDoc(1, [792, 612]));
}

/** Document JavaScript three ways: the /Names /JavaScript tree, /OpenAction, and page, link and outline actions. */
export async function javascriptPdf(): Promise<Uint8Array> {
  const doc = await buildDoc(2);
  const ctx = doc.context;
  const catalog = doc.catalog;
  catalog.set(N('Names'), ctx.obj({ JavaScript: ctx.obj({ Names: [str('init'), jsAction(ctx, "app.alert('names')")] }) }));
  catalog.set(N('OpenAction'), jsAction(ctx, "app.alert('open')"));
  catalog.set(N('AA'), ctx.obj({ WC: jsAction(ctx, "app.alert('close')") }));
  pageDict(doc, 0).set(N('AA'), ctx.obj({ O: jsAction(ctx, "app.alert('page open')") }));
  const link = ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect(ctx), Border: [0, 0, 0] });
  link.set(N('A'), jsAction(ctx, "app.alert('link')"));
  addAnnot(doc, 0, ctx.register(link));
  const outlines = ctx.nextRef();
  const item = ctx.register(ctx.obj({ Title: str('Start'), Parent: outlines, A: jsAction(ctx, "app.alert('outline')") }));
  ctx.assign(outlines, ctx.obj({ Type: 'Outlines', First: item, Last: item, Count: 1 }));
  catalog.set(N('Outlines'), outlines);
  return save(doc);
}

/** A Launch action on open and on a link, plus a web link (URI) that print output has no use for. */
export async function launchPdf(): Promise<Uint8Array> {
  const doc = await buildDoc(2);
  const ctx = doc.context;
  const launch = ctx.obj({ S: 'Launch', F: str('cmd.exe'), Win: ctx.obj({ F: str('cmd.exe'), P: str('/c calc') }) });
  doc.catalog.set(N('OpenAction'), ctx.register(launch));
  const link = ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: rect(ctx) });
  link.set(N('A'), ctx.obj({ S: 'Launch', F: str('/bin/sh') }));
  addAnnot(doc, 1, ctx.register(link));
  const web = ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: ctx.obj([72, 500, 300, 530]) });
  web.set(N('A'), ctx.obj({ S: 'URI', URI: str('http://example.invalid/track') }));
  addAnnot(doc, 1, ctx.register(web));
  return save(doc);
}

/** An embedded executable, in the /EmbeddedFiles name tree and in a FileAttachment annotation. */
export async function embeddedFilePdf(): Promise<Uint8Array> {
  const doc = await buildDoc(2);
  const ctx = doc.context;
  const payload = ctx.register(ctx.stream('MZ fake executable payload', { Type: 'EmbeddedFile', Subtype: 'application#2Foctet-stream' }));
  const spec = ctx.register(
    ctx.obj({ Type: 'Filespec', F: str('invoice.exe'), UF: str('invoice.exe'), EF: ctx.obj({ F: payload }) }),
  );
  doc.catalog.set(N('Names'), ctx.obj({ EmbeddedFiles: ctx.obj({ Names: [str('invoice.exe'), spec] }) }));
  doc.catalog.set(N('AF'), ctx.obj([spec]));
  const annot = ctx.obj({ Type: 'Annot', Subtype: 'FileAttachment', Rect: rect(ctx), FS: spec, Name: 'PushPin' });
  addAnnot(doc, 0, ctx.register(annot));
  return save(doc);
}

/** A form (AcroForm with XFA) whose fields run JavaScript on keystroke and submit to a web address. */
export async function formPdf(): Promise<Uint8Array> {
  const doc = await buildDoc(2);
  const ctx = doc.context;
  const text = ctx.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Tx', T: str('member_id'), Rect: rect(ctx) });
  text.set(N('AA'), ctx.obj({ K: jsAction(ctx, 'event.rc = true;') }));
  const button = ctx.obj({
    Type: 'Annot', Subtype: 'Widget', FT: 'Btn', Ff: 65536, T: str('send'), Rect: ctx.obj([72, 500, 200, 530]),
  });
  button.set(N('A'), ctx.obj({ S: 'SubmitForm', F: ctx.obj({ FS: 'URL', F: str('http://example.invalid/collect') }), Flags: 4 }));
  const reset = ctx.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Btn', Ff: 65536, T: str('reset'), Rect: ctx.obj([220, 500, 300, 530]) });
  reset.set(N('A'), ctx.obj({ S: 'ResetForm' }));
  const refs = [ctx.register(text), ctx.register(button), ctx.register(reset)];
  for (const ref of refs) addAnnot(doc, 0, ref);
  const xfa = ctx.register(ctx.stream('<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"></xdp:xdp>'));
  doc.catalog.set(N('AcroForm'), ctx.obj({ Fields: refs, XFA: xfa, NeedAppearances: true }));
  return save(doc);
}

/** The clean file cut at half its length: no trailer, no %%EOF. */
export async function truncatedPdf(): Promise<Uint8Array> {
  const bytes = await cleanLetterPdf();
  return bytes.slice(0, Math.floor(bytes.length / 2));
}

export async function zeroPagePdf(): Promise<Uint8Array> {
  return save(await PDFDocument.create({ updateMetadata: false }));
}

/** A PNG signature and header chunk start, as someone might upload a scan instead of a PDF. */
export function pngNotPdf(): Uint8Array {
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
}

export function textNotPdf(): Uint8Array {
  return new TextEncoder().encode('Vote for Maria Lopez\nThis is a plain text file, not a PDF.\n');
}

/**
 * A trailer /Encrypt with the Standard handler's shape (RC4 40-bit). The strings are not actually encrypted; intake
 * must refuse on the trailer alone. Tests also make a really encrypted file with qpdf.
 */
export async function handEncryptedPdf(): Promise<Uint8Array> {
  const doc = await buildDoc(1);
  const ctx = doc.context;
  const hex32 = PDFHexString.of('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a');
  ctx.trailerInfo.Encrypt = ctx.register(
    ctx.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40, O: hex32, U: hex32, P: PDFNumber.of(-44) }),
  );
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of('00112233445566778899aabbccddeeff'), PDFHexString.of('00112233445566778899aabbccddeeff')]);
  return save(doc);
}

export async function a4Pdf(): Promise<Uint8Array> {
  return save(await buildDoc(1, A4));
}

export async function manyPagesPdf(pages = 400): Promise<Uint8Array> {
  return save(await buildDoc(pages));
}

/**
 * The JavaScript fixture with its names spelt through #xx escapes (/Java#53cript, /J#53, /Open#41ction), as a filter
 * that matches bytes would miss them. Offsets in the xref no longer match; readers (and pdf-lib) recover.
 */
export async function escapedNamesPdf(): Promise<Uint8Array> {
  const text = Buffer.from(await javascriptPdf()).toString('latin1');
  const escaped = text
    .replaceAll('/JavaScript', '/Java#53cript')
    .replaceAll('/JS ', '/J#53 ')
    .replaceAll('/OpenAction', '/Open#41ction');
  return new Uint8Array(Buffer.from(escaped, 'latin1'));
}

/** Header and %%EOF around bytes that are not PDF objects. */
export function garbagePdf(): Uint8Array {
  const filler = 'x'.repeat(2000);
  return new TextEncoder().encode(`%PDF-1.7\n${filler}\n%%EOF\n`);
}

/** A page tree whose root lists itself among its kids: a naive walk never ends. */
export async function loopingPageTreePdf(): Promise<Uint8Array> {
  const doc = await buildDoc(1);
  const rootRef = doc.catalog.get(N('Pages')) as PDFRef;
  const root = doc.context.lookup(rootRef, PDFDict);
  root.lookup(N('Kids'), PDFArray).push(rootRef);
  return save(doc);
}

/**
 * A clean file whose font is also listed under the resource name /JS. Not active content, but the final byte scan
 * cannot tell a resource name from an action key, so intake refuses it (literature.activeContent) rather than guess.
 */
export async function resourceNamedJsPdf(): Promise<Uint8Array> {
  const doc = await buildDoc(1);
  const resources = pageDict(doc, 0).lookup(N('Resources'), PDFDict);
  const fonts = resources.lookup(N('Font'), PDFDict);
  const first = fonts.values()[0];
  if (first) fonts.set(N('JS'), first);
  return save(doc);
}
