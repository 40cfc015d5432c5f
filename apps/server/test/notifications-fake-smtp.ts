import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the fake server accepted, with its MIME text parts decoded. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** Behaviour of the fake server, changeable while it runs. */
export interface FakeSmtpControl {
  /** The next N messages are refused with 451 (temporary: the sender must retry). */
  failNext: number;
  /** Recipients refused with 550 (permanent). */
  rejectRecipients: Set<string>;
}

/** An SMTP server on 127.0.0.1 (plain, AUTH PLAIN/LOGIN without TLS) that records what it accepts. */
export interface FakeSmtp {
  url: string;
  received: ReceivedMail[];
  /** Transactions refused with 451 so far. */
  refused: number;
  control: FakeSmtpControl;
  close(): Promise<void>;
}

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQp(data.replace(/_/g, ' ')),
  );
}

function decodeQp(s: string): string {
  const bytes = s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function header(head: string, name: string): string {
  const m = new RegExp(`^${name}:[ \\t]*((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im').exec(head);
  return m ? m[1]!.replace(/\r?\n[ \t]/g, ' ').trim() : '';
}

/** The decoded text/plain and text/html parts of a (possibly multipart) message. */
function parseMime(raw: string): { subject: string; text: string; html: string; messageId: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const out = {
    subject: decodeWords(header(head, 'Subject')),
    text: '',
    html: '',
    messageId: header(head, 'Message-ID'),
  };
  const parts: { head: string; body: string }[] = [];
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(header(head, 'Content-Type'))?.[1];
  if (boundary) {
    for (const chunk of raw.slice(split).split(`--${boundary}`).slice(1)) {
      const at = chunk.indexOf('\r\n\r\n');
      if (at > 0) parts.push({ head: chunk.slice(0, at), body: chunk.slice(at + 4) });
    }
  } else {
    parts.push({ head, body: raw.slice(split + 4) });
  }
  for (const p of parts) {
    const enc = header(p.head, 'Content-Transfer-Encoding').toLowerCase();
    const body =
      enc === 'base64'
        ? Buffer.from(p.body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : enc === 'quoted-printable'
          ? decodeQp(p.body)
          : p.body;
    const type = header(p.head, 'Content-Type').toLowerCase();
    if (type.startsWith('text/plain')) out.text = body;
    if (type.startsWith('text/html')) out.html = body;
  }
  return out;
}

/** Starts the fake server; `auth` is the only accepted user and password when given. */
export async function startFakeSmtp(auth?: { user: string; pass: string }): Promise<FakeSmtp> {
  const received: ReceivedMail[] = [];
  const control: FakeSmtpControl = { failNext: 0, rejectRecipients: new Set() };
  const state = { refused: 0 };
  const server = new SMTPServer({
    logger: false,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !auth,
    onAuth(a, _session, cb) {
      if (auth && a.username === auth.user && a.password === auth.pass) cb(null, { user: a.username });
      else cb(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (control.rejectRecipients.has(address.address)) {
        cb(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
      } else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (control.failNext > 0) {
          control.failNext--;
          state.refused++;
          cb(Object.assign(new Error('Try again later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('latin1');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMime(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const cred = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';
  return {
    url: `smtp://${cred}127.0.0.1:${port}`,
    received,
    get refused() {
      return state.refused;
    },
    control,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
