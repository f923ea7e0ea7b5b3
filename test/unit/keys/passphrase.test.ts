import { describe, expect, it } from 'vitest';
import { judgePassphrase } from '../../../shared/domain/passphrase.ts';

// Issue 12 §8: the guesses an insider on a union election committee tries first are the union's own words.
describe('passphrase rule: the vault\'s context is on the blocklist', () => {
  const union = ['SEIU Local 503'];
  const elections = ['Officer election 2026'];

  it.each([
    'seiu local 503 election 2026',
    'solidarity forever union',
    'Solidarity Forever, Union!',
    'union strong local 42 vote',
    'litdesk committee chair vault',
  ])('refuses %j as made of context words', (p) => {
    expect(judgePassphrase(p, ['rosa', 'Rosa Delgado'], [...union, ...elections])).toMatchObject({ ok: false, reason: 'passphrase.context' });
  });

  it('refuses words from the vault\'s own union and election names, which no built-in list holds', () => {
    const ctx = ['Amalgamated Riverboat Pilots 7731', 'Spring Referendum Hullabaloo'];
    expect(judgePassphrase('amalgamated riverboat pilots hullabaloo', [], ctx)).toMatchObject({ ok: false, reason: 'passphrase.context' });
    // The same words are fine in a vault whose context does not hold them.
    expect(judgePassphrase('amalgamated riverboat pilots hullabaloo', [], [])).toMatchObject({ ok: true });
  });

  it('keeps accepting passphrases with enough words of their own', () => {
    expect(judgePassphrase('copper kettle whistles at dawn', [], union).ok).toBe(true);
    expect(judgePassphrase('solidarity forever in local forty two', [], union).ok).toBe(true);
    expect(judgePassphrase('short', [], union)).toMatchObject({ ok: false, reason: 'passphrase.tooShort' });
  });
});
