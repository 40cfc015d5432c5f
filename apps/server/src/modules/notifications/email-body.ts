import type { SecretBox } from '../../lib/crypto';

/** A message's content: plain text and an optional HTML alternative. */
export interface EmailBody {
  text: string;
  html: string | null;
}

/** Encrypts a body for the `emails.body` column; the aad binds it to its row. */
export function sealEmailBody(box: SecretBox, emailId: string, body: EmailBody): Buffer {
  return box.encrypt(JSON.stringify(body), `email:${emailId}`);
}

/** Decrypts an `emails.body` value (throws when it was moved from another row or the key differs). */
export function openEmailBody(box: SecretBox, emailId: string, sealed: Buffer): EmailBody {
  const parsed = JSON.parse(box.decryptText(sealed, `email:${emailId}`)) as Partial<EmailBody>;
  return { text: parsed.text ?? '', html: parsed.html ?? null };
}
