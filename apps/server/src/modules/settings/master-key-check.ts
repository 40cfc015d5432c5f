import { ConfigError } from '../../config';
import type { DbOrTx } from '../../db/client';
import type { SecretBox } from '../../lib/crypto';
import { getSetting, putSetting } from './settings';

/**
 * Stores a check value of the master key on first start and refuses to run with another key later:
 * with the wrong key every secret in the database would be unreadable.
 */
export async function checkMasterKey(db: DbOrTx, box: SecretBox): Promise<void> {
  const stored = await getSetting<string>(db, 'master_key_check');
  if (stored === undefined) {
    await putSetting(db, 'master_key_check', box.keyCheck());
  } else if (stored !== box.keyCheck()) {
    throw new ConfigError(
      'KAMENG_MASTER_KEY does not match the key this database was encrypted with. Restore the original ' +
        'key (master.key in the data folder, or the environment variable). / 主密钥与数据库不匹配。',
    );
  }
}
