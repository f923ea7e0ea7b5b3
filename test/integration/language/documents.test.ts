import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LitDeskApi } from '../../../shared/api/client.ts';
import { addUserAndLogin, tempDir } from '../../support/backend.ts';
import { reportWorld } from '../reports/world.ts';
import { documentText } from '../../../shared/i18n/documents.ts';
import { retiredMoneyWord } from '../../../shared/domain/money-words.ts';

// Issue 16 §8 / issue 14 §5-6: every document LitDesk issues to a person is in the reader's language, with dates and
// money as that reader writes them, in a font that prints Vietnamese. Read back as a person would: pdftotext for the
// words, pdffonts for what is embedded. The dishonest shortcut this catches: an English template with a translated
// title, a date still in ISO, money still "$1,234.50" in Vietnamese, or a standard font that cannot encode "ư".

type World = Awaited<ReturnType<typeof reportWorld>>;
let w: World;
const out = tempDir('litdesk-language-');
beforeAll(async () => { w = await reportWorld(); }, 120_000);
afterAll(() => { w.chair.backend.lock('test'); w.auditor.backend.lock('test'); });

let n = 0;
function read(f: { fileName: string; base64: string }): { text: string; fonts: string; file: string } {
  const file = path.join(out, `${n++}-${f.fileName}`);
  fs.writeFileSync(file, Buffer.from(f.base64, 'base64'));
  return {
    file,
    text: execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }),
    fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
  };
}

/**
 * Every font in the file is embedded (pdffonts' "emb" column) with a Unicode map ("uni"), and is the bundled DejaVu Sans,
 * never a standard 14 font (which cannot encode Vietnamese).
 */
function expectEmbeddedUnicodeFont(fonts: string): void {
  const rows = fonts.trim().split('\n').slice(2);
  expect(rows.length, fonts).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row, fonts).toMatch(/DejaVuSans/);
    // name type encoding emb sub uni object ID: the three yes/no columns follow the encoding.
    const [emb, , uni] = row.replace(/\s+\d+\s+\d+\s*$/, '').trim().split(/\s+/).slice(-3);
    expect([emb, uni], fonts).toEqual(['yes', 'yes']);
  }
}

/** The words a document in each language must carry, and English it must not. */
const EXPECT = {
  es: {
    receipt: ['Recibo', 'Emitido: 1 de mayo de 2026', 'Recibido el 1 de mayo de 2026 por Cheque 501', 'Pagado por: Nguyễn Thị Hương (el candidato)', 'Importe a pagar: $', 'Retenido a su favor: $', 'Cadena de auditoría #'],
    finalInvoice: ['Factura final', 'Emitido: 3 de mayo de 2026', 'Papel', 'Tiempo del personal', 'min × $32.00 / hora', '1,150 × $0.04 / pieza', 'Total de la cotización (estimación pagada por adelantado)', '1,150 hojas', '1,150 piezas', 'Franqueo, real (estado de cuenta de la'],
    refund: ['Comprobante de reembolso', 'Pagado el 3 de mayo de 2026 por Cheque 9001'],
    creditNote: ['Nota de crédito', 'Corrige: Q-', 'Motivo: Factura emitida dos veces'],
    quoteInvoice: ['Factura de pago anticipado (presupuesto)', 'Franqueo, First-Class Mail', '300 × $0.78 / pieza'],
    english: ['Issued:', 'Balance due', 'Amount due', 'Held for you', 'Candidate:', 'Quantity × rate', 'per hour', 'Paid by', 'Audit chain head'],
  },
  vi: {
    receipt: ['Biên nhận', 'Ngày phát hành: 1 tháng 5, 2026', 'Đã nhận ngày 1 tháng 5, 2026 bằng Séc 501', 'Người trả: Nguyễn Thị Hương (ứng cử viên)', 'Số tiền phải trả: ', 'Đang giữ cho bạn: ', 'Chuỗi kiểm toán #'],
    finalInvoice: ['Hóa đơn cuối cùng', 'Ngày phát hành: 3 tháng 5, 2026', 'Giấy', 'Thời gian nhân viên', 'phút × 32,00 US$ / giờ', '1.150 × 0,04 US$ / bản', 'Tổng báo giá (ước tính trả trước)', '1.150 tờ', '1.150 bản'],
    refund: ['Phiếu hoàn tiền', 'Đã chi trả ngày 3 tháng 5, 2026 bằng Séc 9001'],
    creditNote: ['Giấy báo có', 'Điều chỉnh: Q-', 'Lý do: Factura emitida dos veces'],
    quoteInvoice: ['Hóa đơn trả trước (báo giá)', 'Bưu phí, First-Class Mail', '300 × 0,78 US$ / bản'],
    english: ['Issued:', 'Balance due', 'Amount due', 'Held for you', 'Candidate:', 'Quantity × rate', 'per hour', 'Paid by', 'Audit chain head'],
  },
} as const;

async function documents(api: LitDeskApi) {
  const a = await api.call('billing.candidate', { candidateId: w.candidates.a.id });
  const of = (kind: string) => a.documents.find((d) => d.kind === kind)!;
  return { receipt: of('receipt'), finalInvoice: of('finalInvoice'), refund: of('refund') };
}

describe('documents in the reader\'s language', () => {
  let docs: Record<'receipt' | 'finalInvoice' | 'refund' | 'creditNote' | 'quoteInvoice', number>;
  beforeAll(async () => {
    const api = w.chair.client;
    const d = await documents(api);
    const quote = await api.call('billing.issueQuoteInvoice', { requestId: w.requests.rb2.id });
    const credit = await api.call('billing.creditNote', { documentId: quote.documentId, reason: 'Factura emitida dos veces' });
    const again = await api.call('billing.issueQuoteInvoice', { requestId: w.requests.rb2.id });
    docs = { receipt: d.receipt.id, finalInvoice: d.finalInvoice.id, refund: d.refund.id, creditNote: credit.creditNote.documentId, quoteInvoice: again.documentId };
  });

  for (const lang of ['es', 'vi'] as const) {
    it(`${lang}: receipt, invoices, credit note and refund in words, dates and money of the reader, font embedded`, async () => {
      for (const [kind, id] of Object.entries(docs)) {
        const pdf = read(await w.chair.client.call('billing.documentPdf', { documentId: id, language: lang }));
        for (const s of EXPECT[lang][kind as keyof typeof docs]) expect(pdf.text, `${lang} ${kind}: ${s}`).toContain(s);
        for (const s of EXPECT[lang].english) expect(pdf.text, `${lang} ${kind} still English: ${s}`).not.toContain(s);
        expect(pdf.text).not.toMatch(/\d{4}-\d{2}-\d{2}/); // no ISO date left for a person to decode
        expectEmbeddedUnicodeFont(pdf.fonts);
        expect(execFileSync('pdfinfo', [pdf.file], { encoding: 'utf8' })).toMatch(/Title:\s+\S/);
      }
    });
  }

  // Issue 16 §4: the invoice says the words of the one vocabulary, each with the one figure the candidate's screen shows
  // under the same word, and no retired word ("Balance due", "Saldo", "Số dư", "Short by"...) anywhere on any document.
  for (const lang of ['en', 'es', 'vi'] as const) {
    it(`${lang}: the quote invoice says Quote total, Held for you and Amount due with the screen's figures; no document uses a retired money word`, async () => {
      const d = documentText({ lang, tz: 'UTC' });
      const view = await w.chair.client.call('billing.candidate', { candidateId: w.candidates.b.id });
      const rb2 = view.requests.find((r) => r.id === w.requests.rb2.id)!;
      expect(view.balance.amountDueCents).toBeGreaterThanOrEqual(rb2.shortfallCents ?? 0);
      const flat = (s: string) => s.replace(/[ \t\u00a0\u202f]+/g, ' ');
      const quote = flat(read(await w.chair.client.call('billing.documentPdf', { documentId: docs.quoteInvoice, language: lang })).text);
      expect(quote).toContain(flat(`${d.t('money.quoteTotal')} ${d.money(rb2.quoteCents!)}`));
      expect(quote).toContain(flat(`${d.t('money.heldForYou')}: ${d.money(view.balance.fundsCents)}`));
      expect(quote).toContain(flat(`${d.t('money.amountDue')}: ${d.money(view.balance.amountDueCents)}`));
      expect(view.balance.amountDueCents).toBeGreaterThan(0);
      for (const [kind, id] of Object.entries(docs)) {
        const text = read(await w.chair.client.call('billing.documentPdf', { documentId: id, language: lang })).text;
        for (const line of text.split('\n')) expect(retiredMoneyWord(lang, line), `${lang} ${kind}: ${line}`).toBeNull();
      }
    });
  }

  it('a candidate\'s documents come in the candidate\'s own language, whoever prints them; the same bytes each time', async () => {
    const huong = await addUserAndLogin(w.chair.client, w.chair.dir, { login: 'huong', role: 'candidate', candidateId: w.candidates.a.id });
    try {
      const s = await huong.client.call('session.setLanguage', { language: 'vi' });
      expect(s.language).toBe('vi');
      // The chair (English screens) prints Hương's receipt: it is Vietnamese, addressed to her.
      const first = await w.chair.client.call('billing.documentPdf', { documentId: docs.receipt });
      expect(read(first).text).toContain('Biên nhận');
      const mine = await huong.client.call('billing.documentPdf', { documentId: docs.receipt });
      expect(mine.base64).toBe(first.base64);
      // An English copy for the committee's files when asked for.
      expect(read(await w.chair.client.call('billing.documentPdf', { documentId: docs.receipt, language: 'en' })).text).toContain('Receipt');
      // Her rate card notice too.
      const notice = (await huong.client.call('notices.list', {})).find((x) => x.kind === 'rateCard');
      const np = read(await huong.client.call('notices.pdf', { noticeId: notice!.id }));
      for (const s of ['Thông báo bảng giá, phiên bản', 'Gửi: Nguyễn Thị Hương, President', 'Bưu phí, First-Class Mail, mỗi bản', '0,78 US$', 'Seed pieces', '1,50 US$ mỗi đợt',
        'Thời gian nhân viên, mỗi giờ', '32,00 US$', '30 phút + 12 phút cho mỗi 1.000 bản', 'Công bố ngày 5 tháng 5, 2026 (thay thế phiên bản 1)']) expect(np.text, s).toContain(s);
      expect(np.text).not.toContain('Notice of rate card');
      expectEmbeddedUnicodeFont(np.fonts);
    } finally { huong.backend.lock('test'); }
  });

  it('es: the rate card notice', async () => {
    const notice = (await w.chair.client.call('notices.list', { candidateId: w.candidates.b.id })).find((x) => x.kind === 'rateCard');
    const np = read(await w.chair.client.call('notices.pdf', { noticeId: notice!.id, language: 'es' }));
    for (const s of ['Aviso de tarifa, versión', 'Franqueo, First-Class Mail, por pieza', '$0.78', '$1.50 por trabajo', 'Tiempo del personal, por hora', '$32.00',
      '30 minutos + 12 minutos por cada 1000 piezas', 'de mayo de 2026']) expect(np.text, s).toContain(s);
    expect(np.text).not.toContain('Staff time');
    expectEmbeddedUnicodeFont(np.fonts);
  });

  for (const lang of ['es', 'vi'] as const) {
    it(`${lang}: the spend and equal-treatment reports in the requesting auditor's language, rates as a person states them`, async () => {
      await w.auditor.client.call('session.setLanguage', { language: lang });
      const eq = read(await w.auditor.client.call('reports.export', { report: 'equalTreatment', electionId: w.election.id, format: 'pdf' }));
      const sp = read(await w.auditor.client.call('reports.export', { report: 'spend', electionId: w.election.id, format: 'pdf' }));
      const want = lang === 'es'
        ? { eq: ['Informe de igualdad de trato', 'Nguyễn Thị Hương, solicitud n.º 1', 'presupuestada con la v1 el 1 may 2026', 'Canal: First-Class Mail',
          'elegido por el candidato al presentar la solicitud n.º 2', 'Destinatarios: Miembros al corriente en el local Local 42', 'Todos los miembros al corriente',
          'acceso adicional n.º 1 concedido a Nguyễn Thị Hương', 'ofrecido; sin respuesta aún', 'Tiempo del personal: $32.00 por hora', 'Franqueo, First-Class Mail: $0.73 por pieza',
          'Papel: $0.03 por hoja', 'Manejo: $25.00 por trabajo', 'Diferencias entre candidatos', 'Página 1 de',
          'Solicitudes: quién actuó', 'Quién actuó', 'Retenciones y motivos', 'Plazo'],
          sp: ['Informe de gastos', 'Por candidato', 'Costos de campaña cargados a cuentas del sindicato: $0.00', '1 de junio de 2026', 'Página 1 de 1.'] }
        : { eq: ['Báo cáo đối xử bình đẳng', 'Nguyễn Thị Hương, yêu cầu số 1', 'báo giá theo v1 lúc', 'Kênh: First-Class Mail',
          'do ứng cử viên chọn khi nộp yêu cầu số 2', 'Người nhận: Hội viên có tư cách hợp lệ thuộc chi hội Local 42', 'Tất cả hội viên có tư cách hợp lệ',
          'quyền truy cập thêm số 1 đã cấp cho Nguyễn Thị Hương', 'đã đề nghị; chưa trả lời', 'Thời gian nhân viên: 32,00 US$ mỗi giờ', 'Bưu phí, First-Class Mail: 0,73 US$ mỗi bản',
          'Giấy: 0,03 US$ mỗi tờ', 'Xử lý: 25,00 US$ mỗi đợt', 'Khác biệt giữa các ứng cử viên', 'Trang 1/',
          'Yêu cầu: ai đã thực hiện', 'Ai thực hiện', 'Tạm giữ và lý do', 'Thời hạn'],
          sp: ['Báo cáo chi tiêu', 'Theo ứng cử viên', 'Chi phí vận động tính vào tài khoản công đoàn: 0,00 US$', '1 tháng 6, 2026', 'Trang 1/1.'] };
      // Cells wrap inside their column: read each report as one line of words.
      const flat = (t: string) => t.replace(/\s+/g, ' ');
      for (const s of want.eq) expect(flat(eq.text), `equal ${lang}: ${s}`).toContain(s);
      expect(execFileSync('pdfinfo', [eq.file], { encoding: 'utf8' })).toContain(lang === 'es' ? 'Officer election 2026 (30 de junio de 2026)' : 'Officer election 2026 (30 tháng 6, 2026)');
      for (const s of want.sp) expect(flat(sp.text), `spend ${lang}: ${s}`).toContain(s);
      // No internal keys and no English figures a reader would have to decode.
      for (const s of ['staffTime', 'postage.', '¢', 'per hour', 'Staff time', 'Spend report', 'Equal-treatment report', 'request #', 'quoted under',
        'chosen by the candidate', 'good standing', 'extra access #', 'no answer yet', 'T12:00:00', 'Who acted', 'Holds and reasons', 'business days']) {
        expect(eq.text, s).not.toContain(s);
        expect(sp.text, s).not.toContain(s);
      }
      expectEmbeddedUnicodeFont(eq.fonts);
      expectEmbeddedUnicodeFont(sp.fonts);
    });
  }

  it('the language is each user\'s own, validated, audited, and English for users from before', async () => {
    const me = await w.chair.client.call('session.me', {});
    expect(me.language).toBe('en');
    await expect(w.chair.client.call('session.setLanguage', { language: 'fr' } as never)).rejects.toMatchObject({ code: 'api.invalidInput' });
    const before = w.db.prepare('SELECT language FROM users WHERE login = ?').get('audra') as { language: string };
    await w.chair.client.call('session.setLanguage', { language: 'es' });
    // The chair's choice changed the chair's row only.
    expect(w.db.prepare('SELECT language FROM users WHERE login = ?').get('audra')).toEqual(before);
    const last = (await w.chair.client.call('audit.list', { limit: 1, action: 'session.setLanguage' })).entries[0]!;
    expect(last.details).toMatchObject({ before: 'en', after: 'es' });
    expect(() => w.db.prepare("UPDATE users SET language = 'xx' WHERE login = 'audra'").run()).toThrow(/CHECK/);
    await w.chair.client.call('session.setLanguage', { language: 'en' });
  });
});
