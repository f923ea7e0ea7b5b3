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
