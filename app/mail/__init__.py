"""E-mail: composing in the recipient's language (compose), the outbox (outbox), SMTP (sending), retention."""
