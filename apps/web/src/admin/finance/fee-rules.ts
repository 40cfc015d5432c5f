import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { yuanToFen } from '../../lib/money';
import { percentToBps } from '../../lib/percent';

/** antd rules for finance settings: a percentage (→ basis points) and a yuan amount that may be zero. */
export function useFeeRules() {
  const { t } = useTranslation();
  const required: FormRule = { required: true, whitespace: true, message: t('validation.required') };
  const percent: FormRule = {
    validator: (_r, value: unknown) =>
      value === undefined ||
      value === null ||
      String(value).trim() === '' ||
      percentToBps(String(value)) !== null
        ? Promise.resolve()
        : Promise.reject(new Error(t('adminFinance.fees.rateRule'))),
  };
  const moneyOrZero: FormRule = {
    validator: (_r, value: unknown) =>
      value === undefined ||
      value === null ||
      String(value).trim() === '' ||
      yuanToFen(String(value)) !== null
        ? Promise.resolve()
        : Promise.reject(new Error(t('adminFinance.fees.moneyOrZero'))),
  };
  return { percent: [required, percent], moneyOrZero: [required, moneyOrZero] };
}
