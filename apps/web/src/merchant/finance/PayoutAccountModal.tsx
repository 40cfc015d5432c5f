import { useMutation, useQueryClient } from '@tanstack/react-query';
import { payoutAccountKinds, type CreatePayoutAccountBody, type PayoutAccountKind } from '@kameng/shared';
import { App, Form, Input, Modal, Radio } from 'antd';
import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { createPayoutAccount } from '../../api/finance';
import { financeKeys } from '../../api/queries';
import { useFormRules } from '../../auth/form-rules';
import { ErrorAlert } from '../../layout/ErrorAlert';

interface PayoutForm {
  kind: PayoutAccountKind;
  holderName: string;
  accountNumber: string;
  bankName?: string;
  label?: string;
}

/** The server's format checks per kind (PAYOUT_ACCOUNT_INVALID), mirrored for early feedback. */
const numberFormats: Record<PayoutAccountKind, (v: string) => boolean> = {
  alipay: (v) => /^1\d{10}$/.test(v.trim()) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()),
  bank: (v) => /^\d{12,30}$/.test(v.replace(/[\s-]/g, '')),
  usdt: (v) => /^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(v.trim()) || /^0x[0-9a-fA-F]{40}$/.test(v.trim()),
};

/** Adds a payout account: Alipay (account), bank card (bank name + card number) or USDT (address). */
export function PayoutAccountModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const rules = useFormRules();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<PayoutForm>();
  const kind = Form.useWatch('kind', form) ?? 'alipay';
  const mutation = useMutation({
    mutationFn: (v: PayoutForm) => {
      const body: CreatePayoutAccountBody = {
        kind: v.kind,
        holderName: v.holderName.trim(),
        accountNumber: v.accountNumber.trim(),
      };
      if (v.kind === 'bank' && v.bankName?.trim()) body.bankName = v.bankName.trim();
      if (v.label?.trim()) body.label = v.label.trim();
      return createPayoutAccount(body);
    },
    onSuccess: () => {
      void message.success(t('finance.payout.created'));
      void queryClient.invalidateQueries({ queryKey: financeKeys.payoutAccounts });
      onClose();
    },
  });
  const numberRule: FormRule = {
    validator: (_r, value: unknown) =>
      typeof value !== 'string' || value.trim() === '' || numberFormats[kind](value)
        ? Promise.resolve()
        : Promise.reject(new Error(t(`finance.payout.invalid.${kind}`))),
  };
  return (
    <Modal
      open
      title={t('finance.payout.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: mutation.isPending, htmlType: 'submit' }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      modalRender={(node) => <div data-testid="payout-modal">{node}</div>}
    >
      <Form<PayoutForm>
        form={form}
        name="payout-account"
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: 'alipay', holderName: '', accountNumber: '', bankName: '', label: '' }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <Form.Item name="kind" label={t('finance.payout.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            onChange={() => void form.validateFields(['accountNumber']).catch(() => {})}
            options={payoutAccountKinds.map((k) => ({
              value: k,
              label: <span data-testid={`payout-kind-${k}`}>{t(`finance.payout.kinds.${k}`)}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item name="holderName" label={t('finance.payout.holderName')} rules={rules.requiredText}>
          <Input name="holderName" maxLength={60} autoComplete="off" />
        </Form.Item>
        {kind === 'bank' ? (
          <Form.Item name="bankName" label={t('finance.payout.bankName')} rules={rules.requiredText}>
            <Input name="bankName" maxLength={60} autoComplete="off" />
          </Form.Item>
        ) : null}
        <Form.Item
          name="accountNumber"
          label={t(`finance.payout.accountNumber.${kind}`)}
          extra={t(`finance.payout.accountHint.${kind}`)}
          rules={[...rules.requiredText, numberRule]}
        >
          <Input
            name="accountNumber"
            maxLength={128}
            autoComplete="off"
            inputMode={kind === 'bank' ? 'numeric' : undefined}
          />
        </Form.Item>
        <Form.Item name="label" label={t('finance.payout.label')} extra={t('finance.payout.labelHint')}>
          <Input name="label" maxLength={60} autoComplete="off" />
        </Form.Item>
        {mutation.isError ? <ErrorAlert error={mutation.error} /> : null}
      </Form>
    </Modal>
  );
}
