import nodemailer, { type Transporter } from 'nodemailer';
import { loadConfig } from '../../config';

/** Where outgoing mail goes: an SMTP URL (none: the admin outbox) and the From header. */
export interface MailSettings {
  smtpUrl: string | undefined;
  from: string;
}

/** Every network wait of one SMTP session is bounded, so a stuck server cannot hold a job. */
const TIMEOUT_MS = 10_000;

let inForce: MailSettings | undefined;

/**
 * The settings in force: those of the process environment (the same variables `loadConfig` validated
 * at start-up, .env included) — jobs run without the HTTP app's config object, so they read it here
 * once — unless `useMailSettings` replaced them.
 */
export function mailSettingsFromEnv(): MailSettings {
  if (!inForce) {
    const config = loadConfig();
    inForce = { smtpUrl: config.smtpUrl, from: config.mailFrom };
  }
  return inForce;
}

/** Replaces the settings in force (tests point the process at their own SMTP server). */
export function useMailSettings(settings: MailSettings): void {
  inForce = settings;
}

const transports = new Map<string, Transporter>();

/** One pooled transport per SMTP URL, reused across jobs. */
export function mailTransport(smtpUrl: string): Transporter {
  let t = transports.get(smtpUrl);
  if (!t) {
    const url = new URL(smtpUrl);
    t = nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      pool: true,
      maxConnections: 2,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
      dnsTimeout: TIMEOUT_MS,
      logger: false,
      debug: false,
    });
    transports.set(smtpUrl, t);
  }
  return t;
}

/** Closes every pooled SMTP connection (tests, shutdown). */
export function closeMailTransports(): void {
  for (const t of transports.values()) t.close();
  transports.clear();
}
