import type { Migration } from '../vault/migrations/types.ts';

/**
 * Issue 12: candidates and auditors hold no key material. Their passphrase is checked against a scrypt verifier kept
 * inside the encrypted vault, on a workstation a committee member has unlocked and handed over. No row means the
 * account has no passphrase yet (first-release vaults: the chair issues a one-time passphrase).
 */
export const userVerifiers: Migration = {
  id: '2026-11-users-verifiers',
  name: 'users: passphrase verifiers for candidates and auditors',
  up(db) {
    db.exec(`
      CREATE TABLE user_verifiers (
        user_id INTEGER PRIMARY KEY REFERENCES users(id),
        salt BLOB NOT NULL CHECK (length(salt) = 16),
        n INTEGER NOT NULL, r INTEGER NOT NULL, p INTEGER NOT NULL,
        hash BLOB NOT NULL CHECK (length(hash) = 32),
        set_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};

/**
 * Issue 16 §8: documents in the reader's language. Each user keeps a language (English, Spanish, Vietnamese); the
 * documents LitDesk issues to them, and the screens once they sign in, use it. Vaults from before keep English.
 */
export const usersLanguage: Migration = {
  id: '2026-11-users-language',
  name: 'users: the language each user reads LitDesk and its documents in',
  up(db) {
    db.exec(`ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en','es','vi'));`);
  },
};
