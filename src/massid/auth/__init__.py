"""Authentication: client secrets (Argon2id) and signed JWT access tokens. No HTTP here."""
