import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { yuanToFen } from '../../lib/money';

/** antd rules for a yuan amount field (at most two decimals, above zero). */
export function useMoneyRules() {
  const { t } = useTranslation();
  const amount: FormRule = {
    validator: (_r, value: unknown) => {
      if (value === undefined || value === null || String(value).trim() === '') return Promise.resolve();
      const fen = yuanToFen(String(value));
      return fen !== null && fen > 0 ? Promise.resolve() : Promise.reject(new Error(t('validation.money')));
    },
  };
  return {
    required: [{ required: true, whitespace: true, message: t('validation.required') }, amount] as FormRule[],
    optional: [amount] as FormRule[],
  };
}
