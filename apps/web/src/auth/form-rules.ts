import type { FormRule } from 'antd';
import { newPassword } from '@kameng/shared';
import { useTranslation } from 'react-i18next';

/** The password policy comes from the shared schema so the form and the server agree. */
const PASSWORD_MIN = newPassword.minLength ?? 10;

/** antd validation rules with localized messages, mirroring the shared zod schemas. */
export function useFormRules() {
  const { t } = useTranslation();
  const required: FormRule = { required: true, message: t('validation.required') };
  return {
    required: [required],
    requiredText: [required, { whitespace: true, message: t('validation.required') }],
    email: [required, { type: 'email', message: t('validation.email') }] as FormRule[],
    newPassword: [
      required,
      { min: PASSWORD_MIN, message: t('validation.passwordMin', { min: PASSWORD_MIN }) },
    ],
    /** Must equal the field `other` (password confirmation). */
    confirm: (other: string): FormRule[] => [
      required,
      ({ getFieldValue }) => ({
        validator: (_rule, value: unknown) =>
          !value || getFieldValue(other) === value
            ? Promise.resolve()
            : Promise.reject(new Error(t('validation.passwordMismatch'))),
      }),
    ],
    totp: [required, { pattern: /^\d{6}$/, message: t('validation.code6') }] as FormRule[],
    recoveryCode: [
      required,
      { pattern: /^\s*[0-9a-zA-Z-]{6,32}\s*$/, message: t('validation.recoveryCode') },
    ] as FormRule[],
    minText: (min: number): FormRule[] => [
      required,
      { whitespace: true, message: t('validation.required') },
      { min, message: t('validation.minLength', { min }) },
    ],
  };
}
