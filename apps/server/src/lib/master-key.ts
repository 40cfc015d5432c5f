import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config';

const FILE = 'master.key';

/**
 * The master key: from KAMENG_MASTER_KEY (32 bytes as 64 hex chars or base64), or generated once and
 * kept in `<dataDir>/master.key` with mode 0600. A malformed key stops the process.
 */
export function loadMasterKey(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv !== undefined) return parseKey(fromEnv.trim(), 'KAMENG_MASTER_KEY');
  const file = path.join(dataDir, FILE);
  if (fs.existsSync(file)) {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) fs.chmodSync(file, 0o600);
    return parseKey(fs.readFileSync(file, 'utf8').trim(), file);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process created it first; then read theirs.
  try {
    fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKey(undefined, dataDir);
    throw err;
  }
}

function parseKey(text: string, source: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) return Buffer.from(text, 'base64');
  throw new ConfigError(
    `${source}: the master key must be 32 bytes, as 64 hex characters or base64 ` +
      `(generate one with: openssl rand -hex 32) / 主密钥必须为 32 字节（64 位十六进制或 base64）`,
  );
}
