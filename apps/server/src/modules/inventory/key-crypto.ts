import type { SecretBox } from '../../lib/crypto';

/** The HMAC purpose for a SKU's key hashes (duplicates are found per SKU). */
export const keyHashPurpose = (skuId: string) => 'card-key:' + skuId;

/** The associated data binding a key's ciphertext to its SKU. */
export const keyAad = (skuId: string) => 'key:' + skuId;

/** The keyed hash that finds duplicates of a key within one SKU without storing the key. */
export function keyHash(box: SecretBox, skuId: string, key: string): Buffer {
  return box.mac(key, keyHashPurpose(skuId));
}

/** Decrypts a stored key of a SKU. */
export function decryptKey(box: SecretBox, skuId: string, secret: Buffer): string {
  return box.decryptText(secret, keyAad(skuId));
}
